#Requires -Version 7.4
# Register-HarnHook, Get-HarnHook, Unregister-HarnHook and hooks in runs (per session and -Hook).

BeforeAll {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    Import-Module $manifest -Force
    $script:InvokeType = 'Harn.PowerShell.Commands.InvokeHarnChunkCommand'
    $script:RegisterType = 'Harn.PowerShell.Commands.RegisterHarnHookCommand'
}

AfterAll {
    Remove-Module Harn -ErrorAction SilentlyContinue
}

Describe 'Register-HarnHook, Get-HarnHook and Unregister-HarnHook' {
    AfterEach {
        Get-HarnHook | Unregister-HarnHook
    }

    It 'registers a hook with its event, pattern and name, in registration order' {
        $first = Register-HarnHook -Event pre_finish -ScriptBlock { } -Name first
        $second = Register-HarnHook PostFinish { } -Pattern 'deploy*'

        $first | Should -BeOfType [Harn.PowerShell.Hooks.HarnHook]
        $first.Event | Should -Be ([Harn.Hooks.HookEvent]::PreFinish)
        $first.Pattern | Should -BeExactly '*'
        $first.Name | Should -BeExactly 'first'
        $second.Name | Should -BeExactly "Hook$($second.Id)"
        $second.Pattern | Should -BeExactly 'deploy*'
        (Get-HarnHook).Id | Should -Be @($first.Id, $second.Id)
        (Get-HarnHook -Event PostFinish).Id | Should -Be $second.Id
        (Get-HarnHook -Name 'fir*').Id | Should -Be $first.Id
        (Get-HarnHook -Id $second.Id).Name | Should -BeExactly $second.Name
    }

    It 'rejects an unknown event with HarnHookEventUnknown' {
        { Register-HarnHook -Event NoSuchEvent -ScriptBlock { } } |
            Should -Throw -ErrorId "HarnHookEventUnknown,$RegisterType"
        @(Get-HarnHook).Count | Should -Be 0
    }

    It 'registers nothing with -WhatIf' {
        Register-HarnHook -Event PreFinish -ScriptBlock { } -WhatIf

        @(Get-HarnHook).Count | Should -Be 0
    }

    It 'unregisters by pipeline, id and name; an unknown id is HarnHookNotFound' {
        $a = Register-HarnHook PreFinish { } -Name a
        $b = Register-HarnHook PreFinish { } -Name b
        $c = Register-HarnHook PreFinish { } -Name c

        $a | Unregister-HarnHook
        Unregister-HarnHook -Id $b.Id -PassThru | Should -Be $b
        Unregister-HarnHook -Name c -WhatIf
        (Get-HarnHook).Name | Should -Be @('c')
        Unregister-HarnHook -Id 99999 -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly 'HarnHookNotFound,Harn.PowerShell.Commands.UnregisterHarnHookCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $null = $c
    }

    It 'tab-completes event names' {
        $completions = TabExpansion2 -inputScript 'Register-HarnHook -Event PreF' -cursorColumn 29

        $completions.CompletionMatches.CompletionText | Should -Be @('PreFinish')
    }
}

Describe 'Hooks in runs' {
    AfterEach {
        Get-HarnHook | Unregister-HarnHook
    }

    It 'gives a session hook the payload as $_ on the pipeline thread of this runspace' {
        $script:seen = $null
        $null = Register-HarnHook -Event PreFinish -ScriptBlock {
            $script:seen = [pscustomobject]@{
                Payload  = $_
                Argument = $args[0]
                Thread   = [Threading.Thread]::CurrentThread.ManagedThreadId
                Runspace = [runspace]::DefaultRunspace.InstanceId
            }
        }

        Invoke-HarnChunk -Source 'pipeline default() { return {answer: 42} }' | Out-Null

        $seen.Payload.event | Should -BeExactly 'PreFinish'
        $seen.Payload.return_value.answer | Should -Be 42
        $seen.Payload.has_on_finish | Should -BeFalse
        $seen.Payload.unsettled.Count | Should -Be 0
        $seen.Argument.event | Should -BeExactly 'PreFinish'
        $seen.Thread | Should -Be ([Threading.Thread]::CurrentThread.ManagedThreadId)
        $seen.Runspace | Should -Be ([runspace]::DefaultRunspace.InstanceId)
    }

    It 'modifies a finish with @{ modify = ... }' {
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { @{ modify = @{ return_value = $_.return_value * 100 } } }

        Invoke-HarnChunk -Source 'pipeline default() { return 3 }' | Should -Be 300
    }

    It 'blocks a finish with <Name>: the PreFinish rejection is the run''s error' -ForEach @(
        @{ Name = '$false'; Block = { $false }; Reason = 'PreFinish hook returned false' }
        @{ Name = 'a block table'; Block = { @{ block = $true; reason = 'not settled' } }; Reason = 'not settled' }
        @{ Name = 'a deny decision'; Block = { @{ decision = 'deny'; reason = 'denied here' } }; Reason = 'denied here' }
    ) {
        $null = Register-HarnHook -Event PreFinish -ScriptBlock $Block

        Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnRuntimeError,$InvokeType"
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problems[0].Exception.Message | Should -BeExactly "Runtime error: PreFinish hook cannot block the pipeline finish ($Reason); use OnFinish.block_until_settled (std/lifecycle) to wait for unsettled work"
    }

    It 'allows with $null, $true and other tables' {
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { $null }
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { $true }
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { @{ note = 'fine' } }

        Invoke-HarnChunk -Source 'pipeline default() { return 5 }' | Should -Be 5
    }

    It 'turns a hook that throws into HarnHookFailed, not a crash' {
        $null = Register-HarnHook -Event PostFinish -ScriptBlock { throw 'hook broke' } -Name breaker

        Invoke-HarnChunk -Source 'pipeline default() { return 1 }' -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnHookFailed,$InvokeType"
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problems[0].Exception.Message | Should -BeExactly "Runtime error: PowerShell hook 'breaker' for PostFinish failed: hook broke"
    }

    It 'lets a Harn try/catch handle a failing hook' {
        $null = Register-HarnHook -Event SessionIdle -ScriptBlock { throw 'nope' } -Name idle

        $source = 'pipeline default() { try { __host_fire_session_hook("SessionIdle") } catch (e) { return "caught: ${e}" } }'
        Invoke-HarnChunk -Source $source | Should -BeExactly "caught: Runtime error: PowerShell hook 'idle' for SessionIdle failed: nope"
    }

    It 'runs -Hook hooks for that run only, after the session hooks' {
        $null = Register-HarnHook -Event PreFinish -ScriptBlock { @{ modify = @{ return_value = "$($_.return_value)+session" } } }

        Invoke-HarnChunk -Source 'pipeline default() { return "v" }' -Hook @{ PreFinish = { @{ modify = @{ return_value = "$($_.return_value)+run" } } } } |
            Should -BeExactly 'v+session+run'
        Invoke-HarnChunk -Source 'pipeline default() { return "v" }' | Should -BeExactly 'v+session'
    }

    It 'rejects a -Hook table with an unknown event' {
        { Invoke-HarnChunk -Source 'pipeline default() { }' -Hook @{ Nope = { } } } |
            Should -Throw -ErrorId "HarnHookEventUnknown,$InvokeType"
    }

    It 'filters by -Pattern against the payload' {
        $script:targets = [Collections.Generic.List[string]]::new()
        $null = Register-HarnHook -Event PreStep -Pattern 'deploy*' -ScriptBlock { $script:targets.Add($_.target) }
        $source = @'
@step(name: "deploy_web")
fn web() { return 1 }
@step(name: "build")
fn build() { return 2 }
pipeline default() { return web() + build() }
'@
        Invoke-HarnChunk -Source $source | Should -Be 3
        $targets | Should -Be @('deploy_web')
    }

    It 'denies a step from PowerShell and replaces its output' {
        $null = Register-HarnHook -Event PreStep -Pattern 'risky' -ScriptBlock { @{ deny = 'change freeze' } }
        $null = Register-HarnHook -Event PostStep -ScriptBlock { @{ output = "$($_.output)!" } }
        $source = @'
@step(name: "risky")
fn risky() { return "ran" }
@step(name: "safe")
fn safe() { return "ok" }
pipeline default() {
  var denied = nil
  try { risky() } catch (e) { denied = e.reason }
  return [safe(), denied]
}
'@
        Invoke-HarnChunk -Source $source | Should -Be @('ok!', 'change freeze')
    }
}
