using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.Stdlib;

public class OutputAndTracingTests
{
    private readonly TestBuiltinContext _ctx = new();

    [Fact]
    public void Progress_lines()
    {
        _ctx.Call("progress", S("phase1"), S("Starting work"));
        _ctx.Call("progress", S("phase2"), S("Halfway there"), I(50));
        _ctx.Call("progress", S("phase3"), S("Processing files"), I(3), I(10));
        _ctx.Call("progress", S("enrich"), S("Enriching"), D(("current", I(3)), ("total", I(10))));
        _ctx.Call("progress", S("download"), S("Fetching"), D(("mode", S("spinner")), ("step", I(1))));
        _ctx.Call("progress", S("index"), S("Indexing"), D(("mode", S("bar")), ("current", I(3)), ("total", I(5)), ("width", I(10))));
        Assert.Equal(
            "[phase1] Starting work\n[phase2] Halfway there (50%)\n[phase3] Processing files (3/10)\n[enrich] Enriching\n[download] / Fetching\n[index] [######----] Indexing (3/5)\n",
            _ctx.Stdout.ToString());
    }

    [Fact]
    public void Trace_spans_nest_and_close()
    {
        Assert.Equal("nil", _ctx.Show("trace_id"));
        var span = _ctx.Call("trace_start", S("op"));
        Assert.Equal(Show(span.AsDict.Get("trace_id")), _ctx.Show("trace_id"));
        _ctx.Call("trace_end", span);
        Assert.Equal("nil", _ctx.Show("trace_id"));
        _ctx.Call("log_set_level", S("error"));
        _ctx.Call("log_info", S("hidden"));
        Assert.Equal(string.Empty, _ctx.Stdout.ToString());
    }
}
