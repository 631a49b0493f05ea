using Harn.Runtime;
using Harn.Vm.Tests.Stdlib;
using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;
using static Harn.Vm.Tests.Stdlib.V;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary><c>mock_stdin</c>/<c>read_line</c>/<c>read_stdin</c>, the stderr capture and the tty mocks.</summary>
public sealed class StandardStreamsTests
{
    [Fact]
    public void MockedStdinIsReadLineByLineThenToTheEnd()
    {
        AssertLines(Output("""
            mock_stdin("a\r\nb\nlast")
            println(read_line())
            println(read_line())
            println(read_line())
            println(read_line())
            mock_stdin("")
            println(read_line())
            println(read_stdin() == "")
            mock_stdin("x\ny\n")
            println(read_line())
            println(read_stdin())
            """),
            "a", "b", "last", "nil", "nil", "true", "x", "y\n");
    }

    [Fact]
    public void CapturedStderrDoesNotReachTheHost()
    {
        var context = new TestBuiltinContext();
        context.Call("eprint", S("before "));
        context.Call("capture_stderr_start");
        context.Call("eprint", S("é"));
        context.Call("eprintln", I(1));
        Assert.Equal("é1\n", context.Show("capture_stderr_take"));
        context.Call("eprint", S("after"));
        Assert.Equal("before after", context.Stderr.ToString());
        Assert.Equal("", context.Show("capture_stderr_take"));
    }

    [Fact]
    public void TtyMocksOverrideTheRealAnswer()
    {
        AssertLines(Output("""
            mock_tty("stdout", true)
            mock_tty("stdin", false)
            println(is_stdout_tty())
            println(is_stdin_tty())
            """),
            "true", "false");
        Assert.Equal(
            "Runtime error: mock_tty: unknown stream 'tty9' (expected stdin or stdout)",
            Error("mock_tty(\"tty9\", true)"));
        Assert.Equal("Type error: mock_stdin: expected a string, got int", Error("mock_stdin(5)"));
    }

    [Fact]
    public void CapturesBelongToOneRun()
    {
        var first = new TestBuiltinContext();
        var second = new TestBuiltinContext();
        first.Call("capture_stderr_start");
        second.Call("eprint", S("x"));
        Assert.Equal("x", second.Stderr.ToString());
        Assert.Equal(Value.FromString(""), first.Call("capture_stderr_take"));
    }
}
