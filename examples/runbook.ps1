#Requires -Version 7.4
<#
.SYNOPSIS
    The whole Harn module flow on examples/runbook.harn: compile once, hook the lifecycle from
    PowerShell, run in the foreground and in the background, stop a run, read the errors.

.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh ./examples/runbook.ps1
#>
param([string] $Module = (Join-Path $PSScriptRoot '../out/Harn/Harn.psd1'))

Import-Module $Module -Force

# Compile once; the chunk is immutable and can run any number of times.
$runbook = New-HarnChunk -Path (Join-Path $PSScriptRoot 'runbook.harn')
"Parameters: $($runbook.Parameters -join ', ')"

# Session hooks: audit every step, freeze deployments of 'web', stamp the final result.
$null = Register-HarnHook -Event PreStep -Name audit -ScriptBlock { Write-Host "step $($_.step.name)($($_.step.args -join ', '))" }
$null = Register-HarnHook -Event PreStep -Pattern 'deploy' -Name freeze -ScriptBlock {
    if ($_.step.args[0] -eq 'web') { @{ args = @('web', 'frozen') } }
}
$null = Register-HarnHook -Event PostFinish -Name report -ScriptBlock { Write-Host "finished: $($_.return_value.deployed -join ', ')" }

# Foreground: prints stream to the Information stream, the result comes back as objects.
$report = Invoke-HarnChunk -Chunk $runbook staging 1.4.2 -InformationVariable lines
$report.environment
$report.deployed
"log lines: $(@($lines | Where-Object Tags -Contains 'HarnLog').Count)"

# Background: a HarnJob; Receive-Job returns the result and the printed lines.
$job = Start-HarnRun -Chunk $runbook production 1.4.3 -Name production
$job | Wait-Job | Receive-Job
Get-HarnRun | Format-Table

# Stopping: a run that never ends is cancelled; its finally blocks still run.
$endless = Start-HarnRun -Source 'pipeline default() { try { while true { } } finally { println("cleaned up") } }'
Start-Sleep -Milliseconds 200
Stop-HarnRun -InputObject $endless.Run -PassThru | Format-Table
$endless | Receive-Job

# Errors are ErrorRecords with stable ids.
Invoke-HarnChunk -Source 'pipeline default() { throw "disk full" }' -ErrorAction SilentlyContinue -ErrorVariable failures
$failures[0].FullyQualifiedErrorId

Get-HarnHook | Unregister-HarnHook
Get-Job | Remove-Job
