using Xunit;
using static Harn.Vm.Tests.Vm.ScriptRunner;

namespace Harn.Vm.Tests.Concurrency;

public class StreamDebounceTests
{
    [Fact]
    public void Items_already_there_form_one_burst_whatever_the_interval()
    {
        const string source = """
            pipeline default() {
              println(stream.collect(stream.debounce([1, 2, 3], 0)))
              println(stream.collect(stream.debounce([1, 2, 3], 50ms)))
              println(stream.collect(stream.debounce([], 50ms)))
            }
            """;
        Assert.Equal("[3]\n[3]\n[]\n", Output(source));
    }

    [Fact]
    public void A_channel_passes_the_last_item_of_each_burst_once_it_stays_quiet()
    {
        const string source = """
            pipeline default() {
              let ch = channel("bursts", 10)
              spawn {
                send(ch, 1)
                send(ch, 2)
                sleep(300ms)
                send(ch, 3)
                send(ch, 4)
                sleep(300ms)
                send(ch, 5)
                close_channel(ch)
              }
              println(stream.collect(stream.debounce(ch, 40ms)))
            }
            """;
        Assert.Equal("[2, 4, 5]\n", Output(source));
    }

    [Fact]
    public void A_waiting_source_is_judged_by_when_its_items_arrive()
    {
        const string source = """
            pipeline default() {
              fn ticks() {
                yield "a"
                yield "b"
                sleep(300ms)
                yield "c"
                sleep(300ms)
                yield "d"
                yield "e"
              }
              println(stream.collect(stream.debounce(ticks(), 40ms)))
              println(stream.collect(stream.debounce(ticks(), 1s)))
            }
            """;
        Assert.Equal("[b, c, e]\n[e]\n", Output(source));
    }
}
