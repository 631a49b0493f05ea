#Requires -Version 7.4
# Tests Invoke-HarnChunk through the staged module (build.ps1 Build stages it in out/Harn).

BeforeAll {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    Import-Module $manifest -Force
    $script:CommandType = 'Harn.PowerShell.Commands.InvokeHarnChunkCommand'
}

AfterAll {
    Remove-Module Harn -ErrorAction SilentlyContinue
}

Describe 'Invoke-HarnChunk -Source' {
    It 'writes print and log lines to the Information stream and returns the pipeline value' {
        $source = @'
pipeline default() {
  println("hello")
  log(1 + 2)
  return 42
}
'@
        $result = Invoke-HarnChunk -Source $source -InformationVariable info

        $result | Should -Be 42
        $result | Should -BeOfType [long]
        $info.Count | Should -Be 2
        $info[0].MessageData.Message | Should -BeExactly 'hello'
        $info[0].Tags | Should -Be @('HarnPrint', 'PSHOST')
        $info[1].MessageData.Message | Should -BeExactly '[harn] 3'
        $info[1].Tags | Should -Be @('HarnLog', 'PSHOST')
        $info[0].Source | Should -BeExactly 'Invoke-HarnChunk'
    }

    It 'joins print chunks into lines and flushes an unterminated last line' {
        $source = @'
pipeline default() {
  print("a")
  print("b")
  println("c")
  print("tail")
}
'@
        $info = Invoke-HarnChunk -Source $source 6>&1

        $info | ForEach-Object { $_ | Should -BeOfType [System.Management.Automation.InformationRecord] }
        @($info | ForEach-Object { "$_" }) | Should -Be @('abc', 'tail')
    }

    It 'tags eprintln output as HarnStderr' {
        $info = Invoke-HarnChunk -Source 'pipeline default() { eprintln("oops") }' 6>&1

        "$info" | Should -BeExactly 'oops'
        $info.Tags | Should -Be @('HarnStderr', 'PSHOST')
    }

    It 'returns nothing for nil' {
        @(Invoke-HarnChunk -Source 'pipeline default() { log("x") }' 6>$null).Count | Should -Be 0
    }

    It 'converts <Name>' -ForEach @(
        @{ Name = 'an int to long'; Expression = '7'; Expected = 7L; Type = [long] }
        @{ Name = 'a float to double'; Expression = '1.5'; Expected = 1.5; Type = [double] }
        @{ Name = 'a string'; Expression = '"text"'; Expected = 'text'; Type = [string] }
        @{ Name = 'a bool'; Expression = 'true'; Expected = $true; Type = [bool] }
    ) {
        $result = Invoke-HarnChunk -Source "pipeline default() { return $Expression }"

        $result | Should -BeExactly $Expected
        $result | Should -BeOfType $Type
    }

    It 'enumerates a returned list' {
        $result = @(Invoke-HarnChunk -Source 'pipeline default() { return [1, "two", 3.5] }')

        $result.Count | Should -Be 3
        $result[0] | Should -BeOfType [long]
        $result | Should -Be @(1, 'two', 3.5)
    }

    It 'returns a dict as an ordered hashtable with nested lists as object[]' {
        $result = Invoke-HarnChunk -Source 'pipeline default() { return {b: 2, a: [1, nil]} }'

        $result | Should -BeOfType [System.Collections.Specialized.OrderedDictionary]
        @($result.Keys) | Should -Be @('a', 'b')
        $result['b'] | Should -Be 2
        , $result['a'] | Should -BeOfType [object[]]
        $result['a'].Count | Should -Be 2
        $result['a'][1] | Should -BeNullOrEmpty
    }

    It 'binds -Parameter values to the pipeline parameters' {
        $source = 'pipeline default(name, count) { return name + ":" + to_string(count) }'

        Invoke-HarnChunk -Source $source -Parameter @{ name = 'Ada'; count = 3 } | Should -BeExactly 'Ada:3'
    }
}

Describe 'Invoke-HarnChunk with files' {
    BeforeAll {
        $script:First = Join-Path $TestDrive 'first.harn'
        $script:Second = Join-Path $TestDrive 'second.harn'
        Set-Content -Path $First -Value "pipeline default() {`n  println(`"first`")`n  return 1`n}"
        Set-Content -Path $Second -Value 'pipeline default() { return 2 }'
    }

    It 'runs a file given by -Path' {
        $result = Invoke-HarnChunk -Path $First -InformationVariable info

        $result | Should -Be 1
        "$info" | Should -BeExactly 'first'
    }

    It 'expands wildcards in -Path' {
        Invoke-HarnChunk -Path (Join-Path $TestDrive '*.harn') 6>$null | Should -Be @(1, 2)
    }

    It 'takes files from Get-ChildItem by property name' {
        Get-ChildItem -Path $TestDrive -Filter '*.harn' | Sort-Object Name | Invoke-HarnChunk 6>$null |
            Should -Be @(1, 2)
    }

    It 'runs a path given by -LiteralPath' {
        Invoke-HarnChunk -LiteralPath $Second | Should -Be 2
    }

    It 'writes PathNotFound for a missing file and goes on with the next' {
        $missing = Join-Path $TestDrive 'missing.harn'

        $result = Invoke-HarnChunk -LiteralPath $missing, $Second -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -Be 2
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeExactly "PathNotFound,$CommandType"
        $problems[0].TargetObject | Should -BeExactly $missing
    }
}

Describe 'Invoke-HarnChunk errors' {
    It 'writes a compile error as a non-terminating HarnCompileError' {
        $source = "pipeline test(task) {`n  let x = ``n}`n"

        $result = Invoke-HarnChunk -Source $source -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problem = $problems[0]
        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnCompileError,$CommandType"
        $problem.CategoryInfo.Category | Should -Be 'ParserError'
        $problem.TargetObject | Should -BeExactly $source
        $problem.Exception | Should -BeOfType [Harn.Hosting.HarnCompileException]
        $problem.Exception.Diagnostics[0].Line | Should -Be 2
        $problem.Exception.Diagnostics[0].Column | Should -Be 11
        $problem.ErrorDetails.Message.Split("`n")[0] | Should -BeExactly "<source>:2:11: Unexpected character '``' at 2:11"
    }

    It 'names the file in compile errors of a file' {
        $file = Join-Path $TestDrive 'broken.harn'
        Set-Content -Path $file -Value "pipeline test(task) {`n  let x = ``n}"

        Invoke-HarnChunk -Path $file -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnCompileError,$CommandType"
        $problems[0].TargetObject | Should -BeExactly $file
        $problems[0].ErrorDetails.Message | Should -BeLike "$($file):2:11: *"
    }

    It 'writes a thrown value as a HarnRuntimeError with the value as target' {
        $source = "pipeline default() {`n  println(`"before`")`n  throw `"fatal`"`n}"

        Invoke-HarnChunk -Source $source -ErrorVariable problems -ErrorAction SilentlyContinue -InformationVariable info

        "$info" | Should -BeExactly 'before'
        $problems.Count | Should -Be 1
        $problem = $problems[0]
        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnRuntimeError,$CommandType"
        $problem.CategoryInfo.Category | Should -Be 'OperationStopped'
        $problem.TargetObject | Should -BeExactly 'fatal'
        $problem.Exception | Should -BeOfType [Harn.Runtime.HarnRuntimeException]
        $problem.Exception.Message | Should -BeExactly 'Thrown: fatal'
        $problem.ErrorDetails.Message | Should -BeLike 'Thrown: fatal*'
    }

    It 'reports the position of a runtime error' {
        $source = "pipeline default() {`n  let zero = 0`n  log(1 / zero)`n}"

        Invoke-HarnChunk -Source $source -ErrorVariable problems -ErrorAction SilentlyContinue

        $problem = $problems[0]
        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnRuntimeError,$CommandType"
        $problem.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problem.Exception.Line | Should -Be 3
        $problem.ErrorDetails.Message | Should -BeLike 'Runtime error: Division by zero (line 3)*'
    }

    It 'folds the repeated frames of a stack overflow into one line' {
        $source = "fn f(n) { return 1 + f(n + 1) }`npipeline default() { f(1) }"

        Invoke-HarnChunk -Source $source -ErrorVariable problems -ErrorAction SilentlyContinue

        $problem = $problems[0]
        $problem.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $lines = $problem.ErrorDetails.Message -split "`n"
        $lines.Count | Should -Be 4
        $lines[0] | Should -BeExactly 'Runtime error: Stack overflow: too many nested calls (line 1)'
        $lines[1] | Should -Match '^    at f \(<source>:1:22\) \(repeated \d+ times\)$'
        $lines[2] | Should -BeExactly '    at default (<source>:2:22)'
        $lines[3] | Should -BeExactly '    at <top> (<source>:2:1)'
        $problem.Exception.HarnStack.Count | Should -BeGreaterThan 100
    }

    It 'stops on -ErrorAction Stop' {
        { Invoke-HarnChunk -Source 'pipeline default() { throw "x" }' -ErrorAction Stop } |
            Should -Throw -ErrorId "HarnRuntimeError,$CommandType"
    }
}

Describe 'Invoke-HarnChunk while running' {
    It 'streams output before the script ends and stops when the pipeline is stopped' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript('Import-Module $args[0]; Invoke-HarnChunk -Source $args[1]').
                AddArgument((Join-Path (Get-Module Harn).ModuleBase 'Harn.psd1')).
                AddArgument("pipeline default() {`n  println(`"started`")`n  while true { }`n}")
            $handle = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($shell.Streams.Information.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }

            $shell.Streams.Information.Count | Should -Be 1
            "$($shell.Streams.Information[0])" | Should -BeExactly 'started'
            $handle.IsCompleted | Should -BeFalse

            $watch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $shell.Dispose()
        }
    }
}
