using System.Runtime.InteropServices;
using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>Environment variables and facts about the machine: <c>env</c>, <c>env_or</c>, <c>username</c>, <c>platform</c>, <c>arch</c>, ...</summary>
internal static class SystemInfo
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("env", (_, args) => HostValues.Str(Environment.GetEnvironmentVariable(Args.String(args, 0, "env"))));
        registry.Register("env_or", (_, args) =>
            Environment.GetEnvironmentVariable(Args.String(args, 0, "env_or")) is { } value ? Value.FromString(value) : Args.At(args, 1));
        registry.Register("username", (_, _) => Value.FromString(Username()));
        registry.Register("hostname", (_, _) => Value.FromString(Environment.MachineName));
        registry.Register("platform", (_, _) => Value.FromString(Platform()));
        registry.Register("arch", (_, _) => Value.FromString(Arch()));
        registry.Register("home_dir", (_, _) => Value.FromString(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));
        registry.Register("pid", (_, _) => Value.FromInt(Environment.ProcessId));
    }

    private static string Username() =>
        Environment.GetEnvironmentVariable("USER") ?? Environment.GetEnvironmentVariable("USERNAME") ?? Environment.UserName;

    public static string Platform() =>
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription.ToLowerInvariant();

    /// <summary>The architecture under the names upstream reports (Rust's <c>std::env::consts::ARCH</c>).</summary>
    public static string Arch() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.X86 => "x86",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };
}
