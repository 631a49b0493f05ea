#Requires -Version 7.4
# Get-HarnRun, Stop-HarnRun and background runs (Start-HarnRun jobs).

BeforeAll {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    Import-Module $manifest -Force
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:StopType = 'Harn.PowerShell.Commands.StopHarnRunCommand'
    $script:Endless = "pipeline default() {`n  println(`"started`")`n  try { while true { } } finally { println(`"cleanup`") }`n}"
}

AfterAll {
    Get-Job | Where-Object PSJobTypeName -EQ 'HarnJob' | Remove-Job -Force
    Remove-Module Harn -ErrorAction SilentlyContinue
}

Describe 'Get-HarnRun' {
    It 'lists synchronous runs with state, start time and duration' {
        Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -Name 'sync-ok' | Out-Null
        Invoke-HarnChunk -Source 'pipeline default() { throw "x" }' -Name 'sync-bad' -ErrorAction SilentlyContinue

        $ok = Get-HarnRun -Name 'sync-ok' | Select-Object -Last 1
        $bad = Get-HarnRun -Name 'sync-bad' | Select-Object -Last 1

        $ok | Should -BeOfType [Harn.PowerShell.Runs.HarnRun]
        $ok.State | Should -Be 'Completed'
        $ok.IsBackground | Should -BeFalse
        $ok.Location | Should -BeExactly '<source>'
        $ok.StartTime | Should -BeLessOrEqual (Get-Date)
        $ok.EndTime | Should -BeGreaterOrEqual $ok.StartTime
        $ok.Duration | Should -BeOfType [timespan]
        $bad.State | Should -Be 'Failed'
        (Get-HarnRun -Id $bad.Id).Name | Should -BeExactly 'sync-bad'
        (Get-HarnRun -State Failed).Id | Should -Contain $bad.Id
    }
}

Describe 'Start-HarnRun' {
    It 'runs in the background as a HarnJob that Wait-Job and Receive-Job work with' {
        $job = Start-HarnRun -Source 'pipeline default(n) { println("working"); return [n, n * 2] }' 21 -Name bg

        $job | Should -BeOfType [Harn.PowerShell.Jobs.HarnJob]
        $job.PSJobTypeName | Should -BeExactly 'HarnJob'
        (Get-Job -Id $job.Id).Name | Should -BeExactly 'bg'
        $null = $job | Wait-Job -Timeout 20
        $job.State | Should -Be 'Completed'
        $output = Receive-Job $job -InformationVariable info
        $output | Should -Be @(21, 42)
        "$info" | Should -BeExactly 'working'
        $job.Run.State | Should -Be 'Completed'
        (Get-HarnRun -Id $job.Run.Id).IsBackground | Should -BeTrue
        $job | Remove-Job
        Get-Job -Id $job.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'puts a failing run''s ErrorRecord into the job' {
        $job = Start-HarnRun -Source 'pipeline default() { throw "bad" }'
        $null = $job | Wait-Job -Timeout 20

        $job.State | Should -Be 'Failed'
        $job.Error[0].FullyQualifiedErrorId | Should -BeExactly 'HarnThrown'
        $job | Remove-Job
    }

    It 'is stopped by Stop-HarnRun through the VM: finally runs, job and run are Stopped' {
        $job = Start-HarnRun -Source $Endless
        Wait-JobStarted $job

        $stopped = Stop-HarnRun -Id $job.Run.Id -PassThru

        $stopped.Id | Should -Be $job.Run.Id
        $stopped.State | Should -Be 'Stopped'
        $job.State | Should -Be 'Stopped'
        @($job.Information | ForEach-Object { "$_" }) | Should -Be @('started', 'cleanup')
        $job.Error.Count | Should -Be 0
        $job | Remove-Job
    }

    It 'is stopped by Stop-Job the same way' {
        $job = Start-HarnRun -Source $Endless
        Wait-JobStarted $job

        $job | Stop-Job

        $job.State | Should -Be 'Stopped'
        $job.Run.State | Should -Be 'Stopped'
        @($job.Information | ForEach-Object { "$_" }) | Should -Be @('started', 'cleanup')
        $job | Remove-Job
    }

    It 'runs session hooks in the job''s own runspace' {
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { @{ modify = @{ return_value = $_.return_value + 1 } } }
        try {
            $job = Start-HarnRun -Source 'pipeline default() { return 1 }'
            $null = $job | Wait-Job -Timeout 20
            Receive-Job $job | Should -Be 2
            $job | Remove-Job
        }
        finally {
            Get-HarnHook | Unregister-HarnHook
        }
    }

    It 'takes compiled chunks from the pipeline' {
        $jobs = New-HarnChunk -Source 'pipeline default() { return "chunk" }' | Start-HarnRun
        $null = $jobs | Wait-Job -Timeout 20

        Receive-Job $jobs | Should -BeExactly 'chunk'
        $jobs | Remove-Job
    }
}

Describe 'Stop-HarnRun' {
    It 'does nothing to a finished run, saying so with -Verbose' {
        Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -Name done | Out-Null
        $run = Get-HarnRun -Name done | Select-Object -Last 1

        $result = $run | Stop-HarnRun -PassThru -Verbose 4>&1

        $verbose = $result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -BeExactly "Harn run $($run.Id) (done) has already finished (Completed); there is nothing to stop."
        ($result | Where-Object { $_ -is [Harn.PowerShell.Runs.HarnRun] }).State | Should -Be 'Completed'
    }

    It 'writes HarnRunNotFound for an unknown id' {
        Stop-HarnRun -Id 987654 -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnRunNotFound,$StopType"
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 987654
    }

    It 'stops nothing with -WhatIf' {
        $job = Start-HarnRun -Source $Endless
        Wait-JobStarted $job

        Stop-HarnRun -InputObject $job.Run -WhatIf

        $job.Run.State | Should -Be 'Running'
        $job | Stop-Job
        $job | Remove-Job
    }

    It 'tab-completes run ids' {
        $job = Start-HarnRun -Source 'pipeline default() { return 1 }'
        $null = $job | Wait-Job -Timeout 20
        $line = 'Stop-HarnRun -Id '

        $completions = TabExpansion2 -inputScript $line -cursorColumn $line.Length

        $completions.CompletionMatches.CompletionText | Should -Contain "$($job.Run.Id)"
        $job | Remove-Job
    }
}
