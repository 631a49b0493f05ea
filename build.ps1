#Requires -Version 7.4
<#
.SYNOPSIS
    The one entry point for building, testing and running HarnPS.

.DESCRIPTION
    On a machine with only the .NET SDK:  dotnet tool restore && dotnet pwsh ./build.ps1 <Task>

    Build        dotnet build HarnPS.sln, then stage the importable module (ReadyToRun) in out/Harn (-ModulePath),
                 with its help (see Docs).
    Docs         Turn docs/cmdlets/*.md and docs/about_Harn.md into the staged module's Get-Help files.
    Run          Build if needed, import out/Harn and run a Harn file through Invoke-HarnChunk.
                 Arguments after the file are name=value pairs for the pipeline's parameters.
    Conformance  Run the conformance suite (default ../shared/conformance) with the runner;
                 fails if a test listed in tests/conformance-ratchet.txt fails.
                 -UpdateRatchet adds every passing test to that list.
    Test         xunit, Pester and the conformance suite; prints one line 'N passed, N failed'
                 counting every test, and fails if an xunit or Pester test fails or a test
                 listed in tests/conformance-ratchet.txt fails.
    Bench        Build, then time each fixture of ../shared/bench/fixtures in-process beside the
                 CPython and Lua 5.4 anchors (lua5.4 is installed with apt when missing and
                 running as root); prints one table and writes artifacts/bench.json.
                 -Iterations sets the timed runs per fixture and round, -Rounds the most rounds
                 that time every engine on a fixture in turn (each engine's fastest round is
                 reported; rounds stop early once each fastest is matched by another and the
                 last rounds find nothing faster), -Filter
                 picks fixtures.
    Fuzz         A long fuzz campaign over lexer, parser, checker, compiler and VM (the xunit
                 tests of category Fuzz with HARN_FUZZ_SECONDS, default 600 per campaign, and an
                 exhaustive truncation sweep); prints executions and unique crash signatures.

.EXAMPLE
    ./build.ps1 Run examples/hello.harn name=World

.EXAMPLE
    ./build.ps1 Conformance -Filter 'tests/language/*'

.EXAMPLE
    ./build.ps1 Bench -Filter loop -Iterations 5
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Conformance', 'Run', 'Bench', 'Docs', 'Fuzz')]
    [string] $Task = 'Build',

    # Run: the Harn file, then name=value pairs.
    [Parameter(Position = 1, ValueFromRemainingArguments)]
    [string[]] $ArgumentList = @(),

    # Conformance: the suite folder (default ../shared/conformance).
    # Bench: the folder holding fixtures/ and anchors/ (default ../shared/bench).
    [string] $Path,

    # Conformance: substring or wildcard on the test's path relative to the suite folder.
    # Bench: substring or wildcard on the fixture name.
    [string] $Filter,

    # Bench: timed runs per fixture and round (the round's median is taken).
    [ValidateRange(1, 1000)]
    [int] $Iterations = 11,

    # Bench: the most rounds that time every engine on a fixture back to back; each engine's fastest round is reported.
    [ValidateRange(1, 100)]
    [int] $Rounds = 20,

    # Conformance: add every passing test to tests/conformance-ratchet.txt.
    [switch] $UpdateRatchet,

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Where dotnet puts bin/obj and where test results go; keeps the source folders clean.
    [string] $ArtifactsPath = (Join-Path $PSScriptRoot 'artifacts'),

    # Where Build stages the importable module (Run, Test and Bench use it from there).
    [string] $ModulePath = (Join-Path $PSScriptRoot 'out/Harn')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$ModuleDir = $ModulePath
$PesterVersion = '5.9.1'
$ConfigurationFolder = $Configuration.ToLowerInvariant()

function Invoke-Native {
    param([string] $FilePath, [string[]] $Arguments)
    & $FilePath @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-ProjectOutput([string] $Project) {
    Join-Path $ArtifactsPath "bin/$Project/$ConfigurationFolder"
}

function Invoke-BuildTask {
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'HarnPS.sln'), '-c', $Configuration,
        '--artifacts-path', $ArtifactsPath, '-nologo', '-v', 'minimal')

    $binaries = Join-Path $ArtifactsPath 'module-publish'
    Invoke-Native dotnet @('publish', (Join-Path $RepoRoot 'src/Harn.PowerShell/Harn.PowerShell.csproj'), '-c', $Configuration,
        '-r', [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier, '--self-contained', 'false',
        '--artifacts-path', $ArtifactsPath, '-o', $binaries, '-nologo', '-v', 'minimal')
    if (Test-Path $ModuleDir) {
        Remove-Item $ModuleDir -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $ModuleDir -Force
    Copy-Item (Join-Path $RepoRoot 'Harn.psd1') $ModuleDir
    Copy-Item (Join-Path $RepoRoot 'src/Harn.PowerShell/Harn.Format.ps1xml') $ModuleDir
    # Our assemblies and the packages Harn.Vm depends on (publishing puts them beside the module).
    Copy-Item (Join-Path $binaries '*.dll') $ModuleDir
    Invoke-ReadyToRun $binaries $ModuleDir
    foreach ($assembly in 'Harn.PowerShell', 'Harn.Vm') {
        Copy-Item (Join-Path $binaries "$assembly.pdb") $ModuleDir -ErrorAction SilentlyContinue
    }
    Invoke-DocsTask
    Write-Host "Module staged in $ModuleDir"
}

# Compiles our assemblies in $Binaries ReadyToRun into $Destination, for this platform and the PowerShell
# running this script. Their IL stays net8.0, so the module still loads in PowerShell 7.4 and later;
# the precompiled code is for this runtime and this PowerShell's own assemblies, because a runtime
# ignores code compiled for an older major version (.NET 10 JITs every method of a net8.0 image) and
# code of classes deriving from PowerShell's is kept only when it was compiled against the same
# System.Management.Automation. A first run in a fresh session then JITs about 120 of our methods
# instead of 840.
function Invoke-ReadyToRun([string] $Binaries, [string] $Destination) {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $package = "microsoft.netcore.app.crossgen2.$rid"
    $version = [Environment]::Version.ToString()
    $packages = Join-Path $ArtifactsPath 'packages'
    $tool = Join-Path $packages "$package/$version/tools/crossgen2$(if ($IsWindows) { '.exe' })"
    if (-not (Test-Path $tool)) {
        Invoke-Native dotnet @('restore', (Join-Path $RepoRoot 'tools/Crossgen2.restore.csproj'), "-p:Crossgen2Package=$package",
            "-p:Crossgen2Version=$version", '--packages', $packages, '--artifacts-path', $ArtifactsPath, '-nologo', '-v', 'minimal')
    }

    $os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    $runtime = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    foreach ($assembly in 'Harn.Vm', 'Harn.PowerShell') {
        $output = Join-Path $Destination "$assembly.dll"
        $references = Get-ChildItem $Binaries -Filter '*.dll' | Where-Object Name -ne "$assembly.dll" | ForEach-Object { '-r', $_.FullName }
        Invoke-Native $tool (@((Join-Path $Binaries "$assembly.dll"), '-o', $output, '--targetos', $os, '--targetarch', $arch, '-O',
            '-r', (Join-Path $runtime '*.dll'), '-r', (Join-Path $PSHOME 'System.Management.Automation.dll')) + $references)
    }
}

# Get-Help for the staged module: docs/cmdlets/*.md and docs/about_Harn.md become en-US help files.
# A separate process imports the module (parameter metadata comes from the cmdlets themselves).
function Invoke-DocsTask {
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $RepoRoot 'tools/ConvertTo-MamlHelp.ps1'),
        '-ModuleManifest', (Join-Path $ModuleDir 'Harn.psd1'),
        '-DocsPath', (Join-Path $RepoRoot 'docs/cmdlets'),
        '-OutputPath', (Join-Path $ModuleDir 'en-US'))
}

# True when the staged module is missing or older than any source it is built from.
function Test-ModuleStale {
    $staged = Join-Path $ModuleDir 'Harn.PowerShell.dll'
    if (-not (Test-Path $staged)) {
        return $true
    }
    $stagedTime = (Get-Item $staged).LastWriteTimeUtc
    $sources = @(Get-Item (Join-Path $RepoRoot 'Harn.psd1'), (Join-Path $RepoRoot 'Directory.Build.props')) +
        @(Get-ChildItem (Join-Path $RepoRoot 'src') -Recurse -File |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    return [bool]($sources | Where-Object { $_.LastWriteTimeUtc -gt $stagedTime } | Select-Object -First 1)
}

function Invoke-RunTask {
    if ($ArgumentList.Count -eq 0) {
        throw 'Usage: ./build.ps1 Run <file.harn> [name=value ...]'
    }
    if (Test-ModuleStale) {
        Invoke-BuildTask
    }
    $parameters = [ordered]@{}
    foreach ($pair in $ArgumentList | Select-Object -Skip 1) {
        $name, $value = $pair -split '=', 2
        if ($null -eq $value) {
            throw "Run arguments are name=value pairs; got '$pair'."
        }
        $parameters[$name] = $value
    }
    Import-Module (Join-Path $ModuleDir 'Harn.psd1')
    Invoke-HarnChunk -Path $ArgumentList[0] -Parameter $parameters -ErrorVariable harnErrors
    if ($harnErrors) {
        exit 1
    }
}

$RatchetFile = Join-Path $RepoRoot 'tests/conformance-ratchet.txt'
$ConformanceJson = Join-Path $ArtifactsPath 'conformance.json'

function Get-ConformanceArguments {
    $arguments = @('--ratchet', $RatchetFile, '--json', $ConformanceJson)
    if ($Path) { $arguments += '--path', $Path }
    if ($Filter) { $arguments += '--filter', $Filter }
    return $arguments
}

function Invoke-ConformanceRunner([string[]] $Arguments) {
    $runner = Join-Path (Get-ProjectOutput 'Harn.Conformance') 'Harn.Conformance.dll'
    & dotnet $runner @Arguments | Out-Host
    return $LASTEXITCODE
}

function Invoke-ConformanceTask {
    Invoke-BuildTask
    $arguments = @(Get-ConformanceArguments)
    if ($UpdateRatchet) { $arguments += '--update-ratchet' }
    $code = Invoke-ConformanceRunner $arguments
    exit $code
}

# Counts of one suite for the Test summary.
# Failures names the failed tests, repeated beside the summary so a long log's tail still shows them.
function New-SuiteResult([string] $Name, [int] $Passed, [int] $Failed, [bool] $Gating, [string[]] $Failures = @()) {
    [pscustomobject]@{ Name = $Name; Passed = $Passed; Failed = $Failed; Gating = $Gating; Failures = $Failures }
}

function Invoke-XunitSuite {
    $results = Join-Path $ArtifactsPath 'test-results'
    $trx = Join-Path $results 'xunit.trx'
    Remove-Item $trx -ErrorAction SilentlyContinue
    & dotnet test (Join-Path $RepoRoot 'tests/Harn.Vm.Tests') -c $Configuration --no-build `
        --artifacts-path $ArtifactsPath --results-directory $results --logger 'trx;LogFileName=xunit.trx' `
        --logger 'console;verbosity=minimal' -nologo | Out-Host
    $exitCode = $LASTEXITCODE
    if (-not (Test-Path $trx)) {
        Write-Host "xunit: no results (dotnet test exit code $exitCode)"
        return New-SuiteResult 'xunit' 0 1 $true
    }
    $run = ([xml](Get-Content $trx -Raw)).TestRun
    $counters = $run.ResultSummary.Counters
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    if ($exitCode -ne 0 -and $failed -eq 0) {
        $failed = 1
    }
    $failures = @($run.Results.UnitTestResult | Where-Object { $_.outcome -ne 'Passed' } | ForEach-Object {
        $message = "$($_.Output.ErrorInfo.Message)".Trim() -split '\r?\n' | Select-Object -First 1
        "$($_.testName): $message"
    })
    return New-SuiteResult 'xunit' ([int]$counters.passed) $failed $true $failures
}

function Restore-Pester {
    $packages = Join-Path $ArtifactsPath 'packages'
    $manifest = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) {
        Invoke-Native dotnet @('restore', (Join-Path $RepoRoot 'tests/Pester/Pester.restore.csproj'),
            '--packages', $packages, '--artifacts-path', $ArtifactsPath, '-nologo', '-v', 'minimal')
    }
    return $manifest
}

function Invoke-PesterSuite {
    $pester = Restore-Pester
    $summary = Join-Path $ArtifactsPath 'test-results/pester.json'
    Remove-Item $summary -ErrorAction SilentlyContinue
    # A separate process, so the module under test is loaded fresh and never into this session.
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'tests/Pester/Invoke-PesterSuite.ps1') `
        -PesterManifest $pester -ModuleManifest (Join-Path $ModuleDir 'Harn.psd1') -SummaryPath $summary | Out-Host
    if (-not (Test-Path $summary)) {
        Write-Host "pester: no results (exit code $LASTEXITCODE)"
        return New-SuiteResult 'pester' 0 1 $true
    }
    $counts = Get-Content $summary -Raw | ConvertFrom-Json
    return New-SuiteResult 'pester' $counts.Passed $counts.Failed $true @($counts.Failures)
}

function Invoke-ConformanceSuite {
    $json = $ConformanceJson
    Remove-Item $json -ErrorAction SilentlyContinue
    $exitCode = Invoke-ConformanceRunner (Get-ConformanceArguments)
    $passed = 0
    $failed = 0
    if (Test-Path $json) {
        $tests = @(Get-Content $json -Raw | ConvertFrom-Json)
        $passed = @($tests | Where-Object status -EQ 'pass').Count
        $failed = @($tests | Where-Object status -EQ 'fail').Count
    }
    # Only the ratchet (the exit code) gates; every test is still counted.
    $result = New-SuiteResult 'conformance' $passed $failed $false
    if ($exitCode -ne 0) {
        $result = New-SuiteResult 'conformance (ratchet regressed)' $passed ([Math]::Max($failed, 1)) $true
    }
    return $result
}

function Invoke-TestTask {
    $suites = [System.Collections.Generic.List[object]]::new()
    try {
        Invoke-BuildTask
    }
    catch {
        Write-Host "build failed: $_"
        $suites.Add((New-SuiteResult 'build' 0 1 $true))
    }
    if ($suites.Count -eq 0) {
        $suites.Add((Invoke-XunitSuite))
        $suites.Add((Invoke-PesterSuite))
        $suites.Add((Invoke-ConformanceSuite))
    }

    Write-Host ''
    foreach ($suite in $suites) {
        foreach ($failure in $suite.Failures) {
            Write-Host "$($suite.Name) failed: $failure"
        }
    }
    foreach ($suite in $suites) {
        $note = if ($suite.Gating) { '' } else { ' (not gating; the ratchet list gates)' }
        Write-Host ("{0}: {1} passed, {2} failed{3}" -f $suite.Name, $suite.Passed, $suite.Failed, $note)
    }
    $passed = ($suites | Measure-Object Passed -Sum).Sum
    $failed = ($suites | Measure-Object Failed -Sum).Sum
    $gatingFailures = @($suites | Where-Object { $_.Gating -and $_.Failed -gt 0 }).Count
    Write-Host "$passed passed, $failed failed"
    exit ([int]($gatingFailures -gt 0))
}

# The Lua 5.4 interpreter for the anchors: installed with apt when missing and allowed, else null.
function Find-Lua {
    $lua = Get-Command lua5.4 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $lua) {
        $canInstall = $IsLinux -and (Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue) -and
            ((& id -u) -eq '0')
        if (-not $canInstall) {
            Write-Host 'lua5.4 not found and cannot be installed here (needs root and apt-get): no Lua column.'
            return $null
        }
        Write-Host 'Installing lua5.4 with apt-get...'
        $env:DEBIAN_FRONTEND = 'noninteractive'
        & apt-get install -y -qq lua5.4 | Out-Host
        if ($LASTEXITCODE -ne 0) {
            & apt-get update -qq | Out-Host
            & apt-get install -y -qq lua5.4 | Out-Host
        }
        $lua = Get-Command lua5.4 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $lua) {
            Write-Host 'lua5.4 could not be installed: no Lua column.'
            return $null
        }
    }
    return $lua.Source
}

function Invoke-FuzzTask {
    if (-not $env:HARN_FUZZ_SECONDS) { $env:HARN_FUZZ_SECONDS = '600' }
    $env:HARN_TRUNCATION_STRIDE = '1'
    & dotnet test (Join-Path $PSScriptRoot 'tests/Harn.Vm.Tests') -c $Configuration --filter 'Category=Fuzz' --logger 'console;verbosity=detailed'
    if ($LASTEXITCODE -ne 0) { throw "Fuzz campaign found crashes (exit $LASTEXITCODE)." }
}

function Invoke-BenchTask {
    if ($Configuration -ne 'Release') {
        throw 'Bench measures Release builds only.'
    }
    Invoke-BuildTask
    $benchFolder = if ($Path) { $Path } else { Join-Path $RepoRoot '../shared/bench' }
    $arguments = @(
        '--fixtures', (Join-Path $benchFolder 'fixtures'),
        '--anchors', (Join-Path $benchFolder 'anchors'),
        '--runs', $Iterations,
        '--rounds', $Rounds,
        '--module', (Join-Path $ModuleDir 'Harn.psd1'),
        '--json', (Join-Path $ArtifactsPath 'bench.json'))
    if ($Filter) { $arguments += '--filter', $Filter }
    $python = Get-Command python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($python) {
        $arguments += '--python', $python.Source
    }
    else {
        Write-Host 'python3 not found: no CPython column.'
    }
    $lua = Find-Lua
    if ($lua) { $arguments += '--lua', $lua }
    $harness = Join-Path (Get-ProjectOutput 'Harn.Bench') 'Harn.Bench.dll'
    Invoke-Native dotnet (@($harness) + $arguments)
}

Push-Location $RepoRoot
try {
    switch ($Task) {
        'Build' { Invoke-BuildTask }
        'Run' { Invoke-RunTask }
        'Conformance' { Invoke-ConformanceTask }
        'Test' { Invoke-TestTask }
        'Bench' { Invoke-BenchTask }
        'Docs' { Invoke-DocsTask }
        'Fuzz' { Invoke-FuzzTask }
    }
}
finally {
    Pop-Location
}
