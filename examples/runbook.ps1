#Requires -Version 7.4
<#
.SYNOPSIS
    The whole Harn module flow on examples/runbook.harn: compile once, hook the lifecycle from
    PowerShell (steps, unsettled work, the finish), run in the foreground and in the
    background, stop a run (its interrupt handler and finally run), read the errors.

.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh ./examples/runbook.ps1
#>
param([string] $Module = (Join-Path $PSScriptRoot '../out/Harn/Harn.psd1'))

Import-Module $Module -Force

# Compile once; the chunk is immutable and can run any number of times.
$runbook = New-HarnChunk -Path (Join-Path $PSScriptRoot 'runbook.harn')
"Parameters: $($runbook.Parameters -join ', ')"

# Session hooks: audit every step, freeze deployments of 'web', wait for the notification the
# runbook leaves in flight, and report the finish. Hooks may call the session's functions.
function Write-Audit([string] $Text) { Write-Host "audit: $Text" }
$null = Register-HarnHook -Event PreStep -Name audit -ScriptBlock { Write-Audit "step $($_.step.name)($($_.step.args -join ', '))" }
$null = Register-HarnHook -Event PreStep -Pattern 'deploy' -Name freeze -ScriptBlock {
    if ($_.step.args[0] -eq 'web') { @{ args = @('web', 'frozen') } }
}
$null = Register-HarnHook -Event OnUnsettledDetected -Name unsettled -ScriptBlock { Write-Audit "$($_.unsettled.Count) task(s) still running at the finish" }
$null = Register-HarnHook -Event PostFinish -Name report -ScriptBlock { Write-Audit "finished: $($_.return_value.deployed -join ', ')" }

# Foreground: prints stream to the Information stream, the result comes back as objects.
$report = Invoke-HarnChunk -Chunk $runbook staging 1.4.2 -InformationVariable lines
$report.environment
$report.deployed
$report.pending
"log lines: $(@($lines | Where-Object Tags -Contains 'HarnLog').Count)"

# A hook may block the finish: the run fails with upstream's text.
$null = Register-HarnHook -Event OnUnsettledDetected -Name gate -ScriptBlock { @{ block = $true; reason = 'notification not sent yet' } }
Invoke-HarnChunk -Chunk $runbook staging 1.4.2 -ErrorAction SilentlyContinue -ErrorVariable blocked 6>$null
$blocked[0].Exception.Message
Unregister-HarnHook -Name gate

# Background: a HarnJob; Receive-Job returns the result and the printed lines. Its hooks run in
# the job's own runspace with a snapshot of this session (Write-Audit is there too).
$job = Start-HarnRun -Chunk $runbook production 1.4.3 -Name production
$job | Wait-Job | Receive-Job
Get-HarnRun | Format-Table

# Stopping: SIGINT first, so the script's interrupt handler runs; then its finally blocks.
$endless = Invoke-HarnChunk -AsJob -Source @'
pipeline default() {
  on_interrupt({ -> println("interrupted: draining") })
  try { while true { } } finally { println("cleaned up") }
}
'@
Start-Sleep -Milliseconds 300
$endless | Stop-Job
$endless | Receive-Job
$endless.Run | Format-Table

# Errors are ErrorRecords with stable ids.
Invoke-HarnChunk -Source 'pipeline default() { throw "disk full" }' -ErrorAction SilentlyContinue -ErrorVariable failures
$failures[0].FullyQualifiedErrorId

Get-HarnHook | Unregister-HarnHook
Get-Job | Remove-Job
