#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester tests in this folder against a staged Harn module and writes the counts
    as JSON ({ Passed, Failed }) for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -RequiredVersion 5.9.1
$env:HARN_MODULE_MANIFEST = $ModuleManifest

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
if ([Console]::IsOutputRedirected) {
    # Logs (CI, build.ps1 Test) read better without colour codes.
    $configuration.Output.RenderMode = 'Plaintext'
}
$result = Invoke-Pester -Configuration $configuration

# A block or file that fails outside any test (a broken BeforeAll, a syntax error) counts as a failure.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$null = New-Item -ItemType Directory -Path (Split-Path $SummaryPath) -Force
$failures = @($result.Failed | ForEach-Object { $_.ExpandedPath }) +
    @($result.FailedBlocks | ForEach-Object { "$($_.ExpandedPath) (block)" }) +
    @($result.FailedContainers | ForEach-Object { "$($_.Item) (file)" })
@{ Passed = $result.PassedCount; Failed = $failed; Failures = $failures } | ConvertTo-Json | Set-Content -Path $SummaryPath
