# Helpers the Pester files share; each dot-sources this file in its BeforeAll.

# Threads of this process now (a fresh Process object, so the count is current).
function Get-ThreadCount { [System.Diagnostics.Process]::GetCurrentProcess().Threads.Count }

# Waits (20 s at most) until a background run has written its first information record.
function Wait-JobStarted($Job) {
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ($Job.Information.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 20
    }
}

# Runs Invoke-HarnChunk -Source $Source in a PowerShell of its own and waits (20 s at most) until
# the script has printed its first line. Returns the PowerShell and the handle of the invocation;
# the caller stops and disposes the PowerShell.
function Start-ShellRun([string] $Source) {
    $shell = [powershell]::Create()
    $null = $shell.AddScript('Import-Module $args[0]; Invoke-HarnChunk -Source $args[1]').
        AddArgument((Join-Path (Get-Module Harn).ModuleBase 'Harn.psd1')).
        AddArgument($Source)
    $handle = $shell.BeginInvoke()
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ($shell.Streams.Information.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 20
    }
    $shell, $handle
}
