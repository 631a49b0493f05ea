#Requires -Version 7.4
# Every ErrorId of docs/errors.md, with the category and text that actually arrive.

BeforeAll {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    Import-Module $manifest -Force
    $script:InvokeType = 'Harn.PowerShell.Commands.InvokeHarnChunkCommand'

    # The one error of running $Source.
    function Get-RunError([string] $Source) {
        Invoke-HarnChunk -Source $Source -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null
        $problems.Count | Should -Be 1
        $problems[0]
    }
}

AfterAll {
    Get-HarnHook | Unregister-HarnHook
    Remove-Module Harn -ErrorAction SilentlyContinue
}

Describe 'ErrorIds of a chunk' {
    It '<Id> (<Category>) for <Case>' -ForEach @(
        @{ Id = 'HarnSyntaxError'; Category = 'ParserError'; Case = 'source that does not parse'
            Source = 'pipeline default( {'; Message = $null }
        @{ Id = 'HarnThrown'; Category = 'OperationStopped'; Case = 'an uncaught throw'
            Source = 'pipeline default() { throw "boom" }'; Message = 'Thrown: boom' }
        @{ Id = 'HarnTypeError'; Category = 'InvalidType'; Case = 'a type error'
            Source = 'pipeline default() { return [1] - 1 }'; Message = 'Type error: Cannot subtract int from list' }
        @{ Id = 'HarnUndefinedName'; Category = 'ObjectNotFound'; Case = 'an undefined variable with a suggestion'
            Source = "pipeline default() {`n  let total = 1`n  return totl + 1`n}"; Message = 'Runtime error: Undefined variable: totl (did you mean `total`?)' }
        @{ Id = 'HarnDivisionByZero'; Category = 'InvalidOperation'; Case = 'a division by zero'
            Source = 'pipeline default() { let zero = 0
  return 1 / zero }'; Message = 'Division by zero' }
        @{ Id = 'HarnStackOverflow'; Category = 'LimitsExceeded'; Case = 'endless recursion'
            Source = 'fn down(n) { return 1 + down(n + 1) }
pipeline default() { return down(0) }'; Message = 'Stack overflow: too many nested calls' }
        @{ Id = 'HarnDeadlineExceeded'; Category = 'OperationTimeout'; Case = 'an expired deadline block'
            Source = 'pipeline default() { deadline 50ms { while true { } } }'; Message = 'Thrown: Deadline exceeded' }
        @{ Id = 'HarnRuntimeError'; Category = 'InvalidOperation'; Case = 'an assignment to an immutable binding'
            Source = "pipeline default() {`n  let x = 1`n  x = 2`n}"; Message = 'Cannot assign to immutable binding: x' }
        @{ Id = 'HarnRuntimeError'; Category = 'InvalidOperation'; Case = 'a runtime error of a builtin'
            Source = 'pipeline default() { register_session_hook("Nope", { p -> nil }) }'; Message = "Runtime error: register_session_hook: unknown hook event 'Nope'" }
    ) {
        $problem = Get-RunError $Source

        $problem.FullyQualifiedErrorId | Should -BeExactly "$Id,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be $Category
        if ($Message) {
            $problem.Exception.Message | Should -BeExactly $Message
        }
    }

    It 'HarnUndefinedName for an undefined name without a suggestion, the error''s text as TargetObject' {
        $problem = Get-RunError 'pipeline default() { return qqqqqqqqqqqqqqqqqq }'

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnUndefinedName,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problem.TargetObject | Should -BeExactly 'Undefined variable: qqqqqqqqqqqqqqqqqq'
    }

    It 'HarnRuntimeError when an OnUnsettledDetected hook blocks the finish' {
        $null = Register-HarnHook -Event OnUnsettledDetected -ScriptBlock { @{ block = $true; reason = "$($_.unsettled.Count) task left" } }
        try {
            $problem = Get-RunError "pipeline default() {`n  spawn { sleep(10s) }`n  return 1`n}"
        }
        finally {
            Get-HarnHook | Unregister-HarnHook
        }

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnRuntimeError,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problem.Exception.Message | Should -BeExactly 'Runtime error: OnUnsettledDetected hook blocked pipeline finish: 1 task left'
    }

    It 'HarnHookFailed (InvalidOperation) when a PowerShell hook throws' {
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { throw 'no' } -Name thrower
        try {
            $problem = Get-RunError 'pipeline default() { return 1 }'
        }
        finally {
            Get-HarnHook | Unregister-HarnHook
        }

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnHookFailed,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problem.Exception.Message | Should -BeExactly "Runtime error: PowerShell hook 'thrower' for PreFinish failed: no"
    }

    It 'HarnRunCancelled (OperationStopped) when Stop-HarnRun stops a run nobody stopped the pipeline of' {
        # The hook runs inside the run, so the run is the one still Running.
        $null = Register-HarnHook -Event SessionIdle -ScriptBlock { Get-HarnRun -State Running | Stop-HarnRun }
        try {
            $problem = Get-RunError "pipeline default() {`n  try {`n    __host_fire_session_hook(`"SessionIdle`")`n    while true { }`n  } finally { println(`"cleanup`") }`n}"
        }
        finally {
            Get-HarnHook | Unregister-HarnHook
        }

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnRunCancelled,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'OperationStopped'
        $problem.Exception.Message | Should -BeExactly 'Thrown: kind:interrupted:SIGINT'
        (Get-HarnRun | Select-Object -Last 1).State | Should -Be 'Stopped'
    }

    It 'HarnDeadlineExceeded (OperationTimeout) when the run outlives -TimeoutSec' {
        Invoke-HarnChunk -Source 'pipeline default() { while true { } }' -TimeoutSec 1 -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnDeadlineExceeded,$InvokeType"
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $problems[0].ErrorDetails.Message | Should -BeLike 'The Harn run exceeded its -TimeoutSec limit and was cancelled: Thrown: kind:cancelled:VM cancelled by host*'
    }

    It 'HarnInternalError (NotSpecified) for an engine failure, with the original exception' {
        $failure = [InvalidOperationException]::new('engine broke')
        $record = [Harn.PowerShell.Hosting.HarnErrorRecords]::Internal($failure, '<source>')

        $record.FullyQualifiedErrorId | Should -BeExactly 'HarnInternalError'
        $record.CategoryInfo.Category | Should -Be 'NotSpecified'
        $record.Exception | Should -Be $failure
        $record.TargetObject | Should -BeExactly '<source>'
        $record.ErrorDetails.Message | Should -BeExactly 'Harn engine failure (InvalidOperationException): engine broke'
    }
}

Describe 'ErrorIds of the cmdlets' {
    It 'PathNotFileSystem (InvalidArgument) for a path of another provider' {
        Invoke-HarnChunk -Path Env:PATH -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "PathNotFileSystem,$InvokeType"
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -BeExactly 'Env:PATH'
    }

    It 'HarnSourceReadError (ReadError) for a file that exists but cannot be read' -Skip:(-not $IsLinux) {
        Invoke-HarnChunk -LiteralPath /proc/self/mem -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnSourceReadError,$InvokeType"
        $problems[0].CategoryInfo.Category | Should -Be 'ReadError'
        $problems[0].TargetObject | Should -BeExactly '/proc/self/mem'
    }

    It 'HarnParameterInvalid (InvalidArgument, terminating) for a value that refers to itself' {
        $table = @{}
        $table.self = $table

        { Invoke-HarnChunk -Source 'pipeline default(t) { return 1 }' -Parameter @{ t = $table } } |
            Should -Throw -ErrorId "HarnParameterInvalid,$InvokeType"
    }

    It 'HarnParameterInvalid for a -Hook entry that is not a ScriptBlock' {
        $problem = { Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -Hook @{ PreFinish = 'text' } } | Should -Throw -PassThru

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnParameterInvalid,$InvokeType"
        $problem.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problem.Exception.Message | Should -BeExactly 'The -Hook entry for PreFinish must be a ScriptBlock.'
    }

    It 'HarnHookEventUnknown (InvalidArgument, terminating) for a -Hook key that is no event' {
        $problem = { Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -Hook @{ Nope = {} } } | Should -Throw -PassThru

        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnHookEventUnknown,$InvokeType"
        $problem.TargetObject | Should -BeExactly 'Nope'
    }

    It 'HarnRunNotFound (ObjectNotFound) for Stop-HarnRun -Name without wildcards that matches nothing' {
        Stop-HarnRun -Name 'no-such-run' -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly 'HarnRunNotFound,Harn.PowerShell.Commands.StopHarnRunCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -BeExactly 'no-such-run'
    }
}
