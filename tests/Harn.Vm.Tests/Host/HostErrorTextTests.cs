using System.ComponentModel;
using Harn.Stdlib.Host;
using Xunit;

namespace Harn.Vm.Tests.HostLibrary;

/// <summary>Host failures become Harn errors with upstream's OS texts and a category the PowerShell boundary maps to an ErrorRecord.</summary>
public sealed class HostErrorTextTests
{
    public static TheoryData<Exception, string, string> Failures => new()
    {
        { new FileNotFoundException("x"), "No such file or directory (os error 2)", HostErrors.NotFound },
        { new DirectoryNotFoundException("x"), "No such file or directory (os error 2)", HostErrors.NotFound },
        { new UnauthorizedAccessException("x"), "Permission denied (os error 13)", HostErrors.PermissionDenied },
        { new Win32Exception(2), "No such file or directory (os error 2)", HostErrors.NotFound },
        { new Win32Exception(13), "Permission denied (os error 13)", HostErrors.PermissionDenied },
        { new PathTooLongException("x"), "File name too long (os error 36)", HostErrors.IoFailure },
        { new IOException("The file '/a' already exists."), "File exists (os error 17)", HostErrors.IoFailure },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void OsFailuresUseUpstreamsTexts(Exception failure, string reason, string category)
    {
        var error = HostErrors.Io("Failed to write file a.txt", failure);
        Assert.Equal($"Runtime error: Failed to write file a.txt: {reason}", error.Message);
        Assert.Equal(category, error.Category);
    }

    [Fact]
    public void AFailedChildProcessIsAResultNotAnError()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        HostScripts.AssertLines(HostScripts.Output("""
            let r = exec("sh", "-c", "echo oops >&2; exit 7")
            println([r.status, r.success, r.stderr])
            """),
            "[7, false, oops\n]");
    }
}
