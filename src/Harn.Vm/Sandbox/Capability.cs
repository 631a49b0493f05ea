namespace Harn.Sandbox;

/// <summary>What a host builtin can reach outside the run. A builtin with none is pure computation.</summary>
[Flags]
public enum Capability
{
    /// <summary>Pure: touches nothing outside the run.</summary>
    None = 0,

    /// <summary>Reads files or directory listings.</summary>
    FileRead = 1,

    /// <summary>Creates, changes or deletes files or directories.</summary>
    FileWrite = 2,

    /// <summary>Starts processes.</summary>
    Process = 4,

    /// <summary>Talks to the network (HTTP, sockets, model providers) or listens on it.</summary>
    Network = 8,

    /// <summary>Reads the process environment and the identity of the host and user.</summary>
    Environment = 16,
}
