@{
    RootModule           = 'Harn.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0b6f8e-3c1d-4d7a-9a51-2e6c8b7d4f10'
    Author               = 'HarnPS contributors'
    CompanyName          = 'HarnPS'
    Copyright            = '(c) HarnPS contributors. MIT or Apache-2.0.'
    Description          = 'Harn, the pipeline language for orchestrating AI agents and automation, as an async bytecode VM for PowerShell.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('Harn.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Invoke-HarnChunk'
        'New-HarnChunk'
        'Start-HarnRun'
        'Get-HarnRun'
        'Stop-HarnRun'
        'Register-HarnHook'
        'Get-HarnHook'
        'Unregister-HarnHook'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Harn', 'Agents', 'Automation', 'Pipeline', 'Interpreter')
        }
    }
}
