namespace Harn.PowerShell.Hosting;

/// <summary>Tags on the InformationRecords that carry what a script writes.</summary>
public static class InformationTags
{
    /// <summary><c>print</c>/<c>println</c> output (stdout lines that are not log lines).</summary>
    public const string Print = "HarnPrint";

    /// <summary><c>log</c> output: stdout lines starting with <c>[harn] </c>.</summary>
    public const string Log = "HarnLog";

    /// <summary><c>eprint</c>/<c>eprintln</c> output and runtime warnings.</summary>
    public const string Stderr = "HarnStderr";

    /// <summary>The tag Write-Host uses: the host shows such records even when InformationPreference is SilentlyContinue.</summary>
    public const string Host = "PSHOST";
}
