#Requires -Version 7.4
# Limits, the sandbox, and the session under load and faults (docs/security.md).

BeforeAll {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    Import-Module $manifest -Force
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:InvokeType = 'Harn.PowerShell.Commands.InvokeHarnChunkCommand'

    # The one error of running $Source with the extra parameters in $With.
    function Get-RunError([string] $Source, [hashtable] $With = @{}) {
        Invoke-HarnChunk -Source $Source @With -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null
        $problems.Count | Should -Be 1
        $problems[0]
    }

    function Get-ManagedBytes {
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        [GC]::GetTotalMemory($true)
    }
}

AfterAll {
    Get-Job | Where-Object PSJobTypeName -EQ 'HarnJob' | Remove-Job -Force
    Remove-Module Harn -ErrorAction SilentlyContinue
}

Describe 'Limits' {
    It 'ends an endless loop at -MaxInstructions with HarnInstructionLimitExceeded, uncatchable' {
        $problem = Get-RunError 'pipeline default() { try { while true { } } catch e { println("caught") } }' @{ MaxInstructions = 100000 }

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnInstructionLimitExceeded,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $problem.Exception.Message | Should -BeExactly 'Instruction limit exceeded: the run executed more than 100000 instructions'
        (Get-HarnRun | Select-Object -Last 1).State | Should -Be 'Failed'
    }

    It 'ends a string doubled in a loop at -MaxMemoryMB with HarnMemoryLimitExceeded' {
        $problem = Get-RunError 'pipeline default() { var s = "0123456789abcdef"
  while true { s = s + s } }' @{ MaxMemoryMB = 64 }

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnMemoryLimitExceeded,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $problem.Exception.Message | Should -Match '^Memory limit exceeded: the run grew the managed heap by \d+ bytes, past its ceiling of 67108864 bytes$'
    }

    It 'has a memory ceiling by default: half of the memory the process may use; -MaxMemoryMB 0 lifts it' {
        $half = [math]::Max(1, [math]::Floor([GC]::GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / 1MB))
        [Harn.PowerShell.Commands.InvokeHarnChunkCommand]::new().MaxMemoryMB | Should -Be $half
        [Harn.PowerShell.Commands.StartHarnRunCommand]::new().MaxMemoryMB | Should -Be $half
        Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -MaxMemoryMB 0 | Should -Be 1
    }

    It 'ends deep recursion at -MaxCallDepth with the catchable stack overflow' {
        $caught = Invoke-HarnChunk -Source 'fn down(n) { return 1 + down(n + 1) }
pipeline default() { try { down(0) } catch e { return e } }' -MaxCallDepth 50
        $caught | Should -BeExactly 'Stack overflow: too many nested calls'

        $problem = Get-RunError 'fn down(n) { return 1 + down(n + 1) }
pipeline default() { return down(0) }' @{ MaxCallDepth = 50 }
        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnStackOverflow,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'ends a run past -TimeoutSec with HarnDeadlineExceeded and the session carries on' {
        $problem = Get-RunError 'pipeline default() { while true { } }' @{ TimeoutSec = 1 }

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnDeadlineExceeded,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'OperationTimeout'
        Invoke-HarnChunk -Source 'pipeline default() { return 6 * 7 }' | Should -Be 42
    }
}

Describe 'Sandbox' {
    It 'denies a builtin named by -DenyBuiltin with HarnPermissionDenied' {
        $problem = Get-RunError 'pipeline default() { return sha256("x") }' @{ DenyBuiltin = 'sha256' }

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnPermissionDenied,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $problem.Exception.Message | Should -BeExactly "Error [permission_denied]: builtin 'sha256' is not allowed in sandbox mode (rule: DenyBuiltin)"
    }

    It 'denies by capability switch: <Switch>' -ForEach @(
        @{ Switch = 'NoFileSystem'; Call = 'read_file("x")'; Builtin = 'read_file' }
        @{ Switch = 'NoProcess'; Call = 'exec("true")'; Builtin = 'exec' }
        @{ Switch = 'NoNetwork'; Call = 'http_get("http://127.0.0.1:9/")'; Builtin = 'http_get' }
        @{ Switch = 'NoEnvironment'; Call = 'env("PATH")'; Builtin = 'env' }
    ) {
        $problem = Get-RunError "pipeline default() { return $Call }" @{ $Switch = $true }

        $problem.Exception.Message | Should -BeExactly "Error [permission_denied]: builtin '$Builtin' is not allowed in sandbox mode (rule: $Switch)"
    }

    It 'allows reads under -ReadOnlyPath only, and no writes' {
        $root = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'root') -Force
        Set-Content -Path (Join-Path $root 'in.txt') -Value 'inside' -NoNewline
        Set-Content -Path (Join-Path $TestDrive 'out.txt') -Value 'outside' -NoNewline
        $in = (Join-Path $root 'in.txt') -replace '\\', '/'
        $out = (Join-Path $TestDrive 'out.txt') -replace '\\', '/'

        Invoke-HarnChunk -Source "pipeline default() { return read_file(`"$in`") }" -ReadOnlyPath $root | Should -BeExactly 'inside'
        (Get-RunError "pipeline default() { return read_file(`"$out`") }" @{ ReadOnlyPath = $root }).Exception.Message |
            Should -BeLike "*builtin 'read_file' may not read '*out.txt' outside the read-only roots (rule: ReadOnlyPath)"
        (Get-RunError "pipeline default() { write_file(`"$in`", `"x`") }" @{ ReadOnlyPath = $root }).Exception.Message |
            Should -BeExactly "Error [permission_denied]: builtin 'write_file' is not allowed in sandbox mode (rule: ReadOnlyPath)"
        Get-Content (Join-Path $root 'in.txt') -Raw | Should -BeExactly 'inside'
    }

    It 'applies to background runs too' {
        $job = Start-HarnRun -Source 'pipeline default() { return env("PATH") }' -NoEnvironment
        $null = $job | Wait-Job -Timeout 30
        $job.State | Should -Be 'Failed'
        $job.Run.State | Should -Be 'Failed'
        $job | Remove-Job -Force
    }

    It 'rejects -DenyBuiltin with -AllowBuiltin as HarnSandboxInvalid' {
        { Invoke-HarnChunk -Source 'pipeline default() { }' -DenyBuiltin a -AllowBuiltin b -ErrorAction Stop } |
            Should -Throw -ErrorId "HarnSandboxInvalid,$InvokeType"
    }
}

Describe 'Load and faults' {
    It 'stops 50 concurrent background runs at random moments: all Stopped, finally ran, nothing left' {
        $runspaces = @(Get-Runspace).Count
        $threads = Get-ThreadCount
        # Waiting rather than spinning keeps 50 runs from starving each other on a small machine.
        $source = "pipeline default() {`n  println(`"started`")`n  try { while true { sleep(20) } } finally { println(`"cleanup`") }`n}"

        $jobs = 1..50 | ForEach-Object { Start-HarnRun -Source $source -Name "load-$_" }
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@($jobs | Where-Object { $_.Information.Count -eq 0 }).Count -gt 0 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 50
        }
        $random = [Random]::new(8)
        foreach ($job in $jobs | Sort-Object { $random.Next() }) {
            Start-Sleep -Milliseconds ($random.Next(0, 40))
            Stop-HarnRun -InputObject $job.Run
        }
        $null = $jobs | Wait-Job -Timeout 60

        @($jobs | Where-Object State -NE 'Stopped').Count | Should -Be 0
        @($jobs | Where-Object { $_.Run.State -ne 'Stopped' }).Count | Should -Be 0
        foreach ($job in $jobs) {
            ($job.Information | ForEach-Object { "$_" }) -join ',' | Should -BeExactly 'started,cleanup'
        }
        $jobs | Remove-Job -Force
        @(Get-Runspace).Count | Should -Be $runspaces
        # Pool threads the load created may idle for a while before they retire: 16 are tolerated.
        Get-ThreadCount | Should -BeLessOrEqual ($threads + 16)
    }

    It 'returns to its memory and thread baseline after 1,000 sequential runs' {
        $chunk = New-HarnChunk -Source 'pipeline default(n) { let xs = [1, 2, 3].map({ x -> x * n })
  return xs[2] }'
        1..20 | ForEach-Object { Invoke-HarnChunk -Chunk $chunk $_ } | Out-Null
        $threads = Get-ThreadCount
        $bytes = Get-ManagedBytes

        $results = 1..1000 | ForEach-Object { Invoke-HarnChunk -Chunk $chunk $_ }

        $results.Count | Should -Be 1000
        ($results | Measure-Object -Sum).Sum | Should -Be (3 * 500500)
        # Each run leaves its small record in Get-HarnRun; 16 MB covers those and allocator slack.
        (Get-ManagedBytes) - $bytes | Should -BeLessThan 16MB
        Get-ThreadCount | Should -BeLessOrEqual ($threads + 8)
    }

    It 'survives a hook that throws: HarnHookFailed names the hook' {
        $result = Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -Hook @{ PreFinish = { throw 'hook exploded' } } -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnHookFailed,$InvokeType"
        $problems[0].Exception.Message | Should -BeLike "*PowerShell hook * for PreFinish failed: hook exploded*"
        Invoke-HarnChunk -Source 'pipeline default() { return 6 * 7 }' | Should -Be 42
    }

    It 'survives a hook that hangs: its deadline stops it and the run fails with HarnHookFailed' {
        $hook = Register-HarnHook -Event PreFinish -ScriptBlock { Start-Sleep -Seconds 600 } -TimeoutSec 1 -Name hangs
        try {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $result = Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -ErrorVariable problems -ErrorAction SilentlyContinue
            $clock.Stop()

            $result | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnHookFailed,$InvokeType"
            $problems[0].Exception.Message | Should -BeLike "*PowerShell hook 'hangs' for PreFinish failed: it did not finish within its deadline of 1 s and was stopped*"
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 30

            $job = Start-HarnRun -Source 'pipeline default() { return 1 }'
            $job | Wait-Job -Timeout 60 | Out-Null
            $job.State | Should -Be 'Failed'
            $job.Error[0].FullyQualifiedErrorId | Should -BeLike 'HarnHookFailed*'
            $job | Remove-Job -Force
        }
        finally {
            $hook | Unregister-HarnHook
        }
        Invoke-HarnChunk -Source 'pipeline default() { return 6 * 7 }' | Should -Be 42
    }

    It 'survives a hook that returns garbage: the run fails with a clear error' {
        $result = Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -Hook @{ PreFinish = { [System.IO.MemoryStream]::new(); 'noise'; 7 } } -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnRuntimeError,$InvokeType"
        $problems[0].Exception.Message | Should -BeExactly 'Runtime error: PreFinish hook must return nil, bool, or a control dict; got list'
        Invoke-HarnChunk -Source 'pipeline default() { return 6 * 7 }' | Should -Be 42
    }
}
