#Requires -Version 7.4
# The finish lifecycle seen from PowerShell, hooks of background runs, -AsJob, and stopping
# through SIGINT (on_interrupt handlers and finally blocks run, nothing is left running).

BeforeAll {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    Import-Module $manifest -Force
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Interruptible = @'
pipeline default() {
  on_interrupt({ -> println("handler ran") })
  println("started")
  try { while true { } } finally { println("finally ran") }
}
'@
}

AfterAll {
    Get-HarnHook | Unregister-HarnHook
    Get-Job | Where-Object PSJobTypeName -EQ 'HarnJob' | Remove-Job -Force
    Remove-Module Harn -ErrorAction SilentlyContinue
}

Describe 'The finish lifecycle from PowerShell' {
    AfterEach {
        Get-HarnHook | Unregister-HarnHook
    }

    It 'shows OnUnsettledDetected the task still running, which the hook may let finish' {
        $seen = [Collections.Generic.List[object]]::new()
        $null = Register-HarnHook -Event OnUnsettledDetected -ScriptBlock { $seen.Add($_.unsettled.Count); $null }
        $source = "pipeline default() {`n  spawn { sleep(10s) }`n  return `"done`"`n}"

        $result = Invoke-HarnChunk -Source $source

        $result | Should -BeExactly 'done'
        $seen | Should -Be @(1)
    }

    It 'blocks a finish with PreFinish and a decision, and modifies it from a background run' {
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { @{ decision = 'deny'; reason = 'not today' } }
        Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].Exception.Message | Should -BeExactly 'Runtime error: PreFinish hook cannot block the pipeline finish (not today); use OnFinish.block_until_settled (std/lifecycle) to wait for unsettled work'
        Get-HarnHook | Unregister-HarnHook

        $job = Start-HarnRun -Source 'pipeline default() { return 1 }' -Hook @{ PreFinish = { @{ modify = @{ return_value = 'modified' } } } }
        $null = $job | Wait-Job -Timeout 20
        Receive-Job $job | Should -BeExactly 'modified'
        $job | Remove-Job
    }

    It 'passes pipeline_on_finish a Harness that reports the unsettled work' {
        $source = @'
pipeline default() {
  spawn { sleep(10s) }
  pipeline_on_finish({ harness, value -> "${type_of(harness)}: ${harness.summary()}, value ${value}" })
  return 3
}
'@
        Invoke-HarnChunk -Source $source | Should -BeExactly 'Harness: 1 unsettled task, value 3'
    }
}

Describe 'Hooks of background runs' {
    AfterEach {
        Get-HarnHook | Unregister-HarnHook
    }

    It 'see the session''s global variables and functions as they were when the run started' {
        $global:HarnTestGreeting = 'hello'
        function global:Format-HarnTestGreeting([string] $Name) { "$global:HarnTestGreeting, $Name" }
        try {
            $null = Register-HarnHook -Event PreFinish -ScriptBlock { @{ modify = @{ return_value = (Format-HarnTestGreeting $_.return_value) } } }
            $job = Start-HarnRun -Source 'pipeline default() { return "job" }'
            $global:HarnTestGreeting = 'changed later'
            $null = $job | Wait-Job -Timeout 20

            Receive-Job $job | Should -BeExactly 'hello, job'
            $job | Remove-Job
        }
        finally {
            Remove-Variable -Name HarnTestGreeting -Scope Global
            Remove-Item Function:Format-HarnTestGreeting
        }
    }

    It 'share objects with the session by reference, and keep their own assignments' {
        $global:HarnTestSeen = [hashtable]::Synchronized(@{})
        $global:HarnTestCount = 0
        try {
            $null = Register-HarnHook -Event PreFinish -ScriptBlock { $HarnTestSeen['value'] = $_.return_value; $global:HarnTestCount = 99 }
            $job = Start-HarnRun -Source 'pipeline default() { return 7 }'
            $null = $job | Wait-Job -Timeout 20

            $HarnTestSeen['value'] | Should -Be 7
            $global:HarnTestCount | Should -Be 0
            $job | Remove-Job
        }
        finally {
            Remove-Variable -Name HarnTestSeen, HarnTestCount -Scope Global
        }
    }

    It 'see the script scope of the module that registered them' {
        $module = New-Module -Name HarnTestHookModule -ScriptBlock {
            $script:Suffix = '(from module)'
            function Get-Decorated($value) { "$value $script:Suffix" }
            function Register-DecoratingHook { Register-HarnHook -Event PreFinish -ScriptBlock { @{ modify = @{ return_value = (Get-Decorated $_.return_value) } } } }
            Export-ModuleMember -Function Register-DecoratingHook
        } | Import-Module -PassThru
        try {
            $null = Register-DecoratingHook
            $job = Start-HarnRun -Source 'pipeline default() { return "result" }'
            $null = $job | Wait-Job -Timeout 20

            Receive-Job $job | Should -BeExactly 'result (from module)'
            $job | Remove-Job
        }
        finally {
            $module | Remove-Module
        }
    }

    It 'never wait for the session: a hook runs while the session is busy in Wait-Job' {
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { Write-Host "hook ran"; @{ modify = @{ return_value = 'unblocked' } } }
        $job = Start-HarnRun -Source 'pipeline default() { sleep(200ms)
  return 1 }'

        $finished = $job | Wait-Job -Timeout 30

        $finished | Should -Not -BeNullOrEmpty
        Receive-Job $job -InformationVariable info | Should -BeExactly 'unblocked'
        @($info | ForEach-Object { "$_" }) | Should -Be @('hook ran')
        $job | Remove-Job
    }

    It 'put what a hook writes with Write-Error into the job''s Error stream' {
        # -ErrorAction Continue: the session's $ErrorActionPreference travels with the snapshot.
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { Write-Error 'hook complains' -ErrorId HookComplaint -ErrorAction Continue }
        $job = Start-HarnRun -Source 'pipeline default() { return 1 }'
        $null = $job | Wait-Job -Timeout 20

        $job.Error[0].FullyQualifiedErrorId | Should -BeLike 'HookComplaint*'
        $job | Remove-Job
    }
}

Describe 'Invoke-HarnChunk -AsJob and Start-HarnRun -WhatIf' {
    It 'runs in the background like Start-HarnRun' {
        $job = Invoke-HarnChunk -Source 'pipeline default(n) { println("bg"); return n + 1 }' 41 -AsJob -Name asjob

        $job | Should -BeOfType [Harn.PowerShell.Jobs.HarnJob]
        $job.Name | Should -BeExactly 'asjob'
        $null = $job | Wait-Job -Timeout 20
        Receive-Job $job -InformationVariable info | Should -Be 42
        "$info" | Should -BeExactly 'bg'
        (Get-HarnRun -Id $job.Run.Id).IsBackground | Should -BeTrue
        $job | Remove-Job
    }

    It 'starts nothing with -WhatIf' {
        $before = @(Get-HarnRun).Count

        $job = Start-HarnRun -Source 'pipeline default() { return 1 }' -WhatIf

        $job | Should -BeNullOrEmpty
        @(Get-HarnRun).Count | Should -Be $before
    }
}

Describe 'Stopping delivers SIGINT first' {
    It 'runs on_interrupt handlers and finally when PowerShell.Stop() stops the pipeline, leaving no thread or runspace' {
        $runspacesBefore = @(Get-Runspace).Count
        $threadsBefore = Get-ThreadCount
        $shell, $null = Start-ShellRun $Interruptible
        try {
            $shell.Stop()

            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            @($shell.Streams.Information | ForEach-Object { "$_" }) | Should -Be @('started', 'handler ran', 'finally ran')
            $shell.Commands.Clear()
            ($shell.AddCommand('Get-HarnRun').Invoke() | Select-Object -Last 1).State | Should -Be 'Stopped'
        }
        finally {
            $shell.Dispose()
        }

        Start-Sleep -Milliseconds 300
        @(Get-Runspace).Count | Should -Be $runspacesBefore
        # The VM thread has ended; only thread-pool noise may remain.
        Get-ThreadCount | Should -BeLessThan ($threadsBefore + 3)
    }

    It 'runs finally and interrupt handlers and stops the run when Select-Object -First 1 ends the pipeline, leaving no thread' {
        $source = @'
fn ticks() {
  var i = 0
  while true {
    i = i + 1
    yield i
  }
}
pipeline default(marker) {
  on_interrupt({ e -> write_file(marker, "handler ran for ${e.signal}") })
  try { return ticks() } finally { println("finally ran") }
}
'@
        # The stopped pipeline takes no more records, so the handler leaves its mark in a file.
        $marker = Join-Path $TestDrive 'interrupted.txt'
        $threadsBefore = Get-ThreadCount

        $first = Invoke-HarnChunk -Source $source -Parameter @{ marker = $marker } -InformationVariable info | Select-Object -First 1

        $first | Should -Be 1
        "$info" | Should -BeExactly 'finally ran'
        Get-Content -Raw $marker | Should -BeExactly 'handler ran for SIGINT'
        (Get-HarnRun | Select-Object -Last 1).State | Should -Be 'Stopped'
        Start-Sleep -Milliseconds 300
        Get-ThreadCount | Should -BeLessThan ($threadsBefore + 3)
    }

    It 'runs on_interrupt handlers of a background run stopped by <Via>, and removes its hook runspace' -ForEach @(
        @{ Via = 'Stop-HarnRun'; Stop = { param($job) Stop-HarnRun -InputObject $job.Run } }
        @{ Via = 'Stop-Job'; Stop = { param($job) $job | Stop-Job } }
    ) {
        $null = Register-HarnHook -Event SessionIdle -ScriptBlock { $null }
        try {
            $runspacesBefore = @(Get-Runspace).Count
            $job = Start-HarnRun -Source "pipeline default() {`n  __host_fire_session_hook(`"SessionIdle`")`n$($Interruptible -replace '(?s)^pipeline default\(\) \{', '')"
            Wait-JobStarted $job

            & $Stop $job

            $job.State | Should -Be 'Stopped'
            $job.Run.State | Should -Be 'Stopped'
            @($job.Information | ForEach-Object { "$_" }) | Should -Be @('started', 'handler ran', 'finally ran')
            $job.Error.Count | Should -Be 0
            $job | Remove-Job
            @(Get-Runspace).Count | Should -Be $runspacesBefore
        }
        finally {
            Get-HarnHook | Unregister-HarnHook
        }
    }
}
