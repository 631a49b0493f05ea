#Requires -Version 7.4
# Tests Invoke-HarnChunk through the staged module (build.ps1 Build stages it in out/Harn).

BeforeAll {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    Import-Module $manifest -Force
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
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
    It 'writes a compile error as a non-terminating HarnSyntaxError' {
        $source = "pipeline test(task) {`n  let x = ``n}`n"

        $result = Invoke-HarnChunk -Source $source -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problem = $problems[0]
        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnSyntaxError,$CommandType"
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

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnSyntaxError,$CommandType"
        $problems[0].TargetObject | Should -BeExactly $file
        $problems[0].ErrorDetails.Message | Should -BeLike "$($file):2:11: *"
    }

    It 'writes a thrown value as a HarnThrown error with the value as target' {
        $source = "pipeline default() {`n  println(`"before`")`n  throw `"fatal`"`n}"

        Invoke-HarnChunk -Source $source -ErrorVariable problems -ErrorAction SilentlyContinue -InformationVariable info

        "$info" | Should -BeExactly 'before'
        $problems.Count | Should -Be 1
        $problem = $problems[0]
        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnThrown,$CommandType"
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
        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnDivisionByZero,$CommandType"
        $problem.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $problem.Exception.Line | Should -Be 3
        $problem.ErrorDetails.Message | Should -BeLike 'Runtime error: Division by zero (line 3)*'
        $problem.ErrorDetails.Message | Should -BeLike "*`n`n<source>:3:7`n3 |   log(1 / zero)`n  |       ^"
    }

    It 'folds the repeated frames of a stack overflow into one line' {
        $source = "fn f(n) { return 1 + f(n + 1) }`npipeline default() { f(1) }"

        Invoke-HarnChunk -Source $source -ErrorVariable problems -ErrorAction SilentlyContinue

        $problem = $problems[0]
        $problem.FullyQualifiedErrorId | Should -BeExactly "HarnStackOverflow,$CommandType"
        $problem.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $lines = $problem.ErrorDetails.Message -split "`n"
        $lines.Count | Should -Be 8
        $lines[0] | Should -BeExactly 'Runtime error: Stack overflow: too many nested calls (line 1)'
        $lines[1] | Should -Match '^    at f \(<source>:1:22\) \(repeated \d+ times\)$'
        $lines[2] | Should -BeExactly '    at default (<source>:2:22)'
        $lines[3] | Should -BeExactly '    at <top> (<source>:2:1)'
        $lines[4..7] | Should -Be @('', '<source>:1:22', '1 | fn f(n) { return 1 + f(n + 1) }', '  |                      ^')
        $problem.Exception.HarnStack.Count | Should -BeGreaterThan 100
    }

    It 'stops on -ErrorAction Stop' {
        { Invoke-HarnChunk -Source 'pipeline default() { throw "x" }' -ErrorAction Stop } |
            Should -Throw -ErrorId "HarnThrown,$CommandType"
    }
}

Describe 'Invoke-HarnChunk arguments and results' {
    It 'binds -ArgumentList positionally after the source' {
        Invoke-HarnChunk -Source 'pipeline default(a, b) { return a + b }' 3 4 | Should -Be 7
        Invoke-HarnChunk -Source 'pipeline default(a, b) { return b }' -ArgumentList 1, 'two' | Should -BeExactly 'two'
    }

    It 'lets -Parameter win over a positional value for the same name' {
        Invoke-HarnChunk -Source 'pipeline default(a, b) { return "${a}${b}" }' 1 2 -Parameter @{ b = 'x' } | Should -BeExactly '1x'
    }

    It 'writes HarnTooManyArguments when there are more arguments than parameters' {
        Invoke-HarnChunk -Source 'pipeline default(a) { return a }' 1 2 -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnTooManyArguments,$CommandType"
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].Exception.Message | Should -BeExactly 'The entry pipeline takes 1 argument(s) (a) but -ArgumentList has 2.'
    }

    It 'writes the items of an endless generator as they are produced, so Select-Object -First stops it' {
        $source = @'
fn numbers() {
  var i = 0
  while true {
    i = i + 1
    yield i * 10
  }
}
pipeline default() { return numbers() }
'@
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $items = Invoke-HarnChunk -Source $source | Select-Object -First 3

        $items | Should -Be @(10, 20, 30)
        $items[0] | Should -BeOfType [long]
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        (Get-HarnRun | Select-Object -Last 1).State | Should -Be 'Stopped'
    }

    It 'writes a finite stream item by item and completes' {
        $source = "gen fn letters() {`n  emit `"a`"`n  emit `"b`"`n}`npipeline default() { return letters() }"

        Invoke-HarnChunk -Source $source | Should -Be @('a', 'b')
        (Get-HarnRun | Select-Object -Last 1).State | Should -Be 'Completed'
    }

    It 'returns enum values as typed objects and structs as typed Harn.Struct objects' {
        $source = "enum Shape { Circle(r), Dot }`nstruct Point { x: int, y: int }`npipeline default() { return [Shape.Circle(2), Shape.Dot, Point { x: 1, y: 2 }] }"

        $circle, $dot, $point = Invoke-HarnChunk -Source $source

        $circle | Should -BeOfType [Harn.PowerShell.Conversion.HarnEnumValue]
        $circle.EnumName | Should -BeExactly 'Shape'
        $circle.Variant | Should -BeExactly 'Circle'
        $circle.Fields | Should -Be @(2)
        "$circle" | Should -BeExactly 'Shape.Circle(2)'
        $dot.Fields.Count | Should -Be 0
        $point.PSObject.TypeNames[0] | Should -BeExactly 'Harn.Struct.Point'
        $point.PSObject.TypeNames[1] | Should -BeExactly 'Harn.Struct'
        $point.x | Should -Be 1
        $point.y | Should -Be 2
    }

    It 'keeps a thrown enum value as the TargetObject' {
        $source = "enum Failure { Missing(name) }`npipeline default() { throw Failure.Missing(`"db`") }"

        Invoke-HarnChunk -Source $source -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnThrown,$CommandType"
        $problems[0].TargetObject.EnumName | Should -BeExactly 'Failure'
        $problems[0].TargetObject.Variant | Should -BeExactly 'Missing'
        $problems[0].TargetObject.Fields | Should -Be @('db')
    }

    It 'cancels a run that outlives -TimeoutSec with HarnDeadlineExceeded' {
        $source = "pipeline default() {`n  try { while true { } } finally { println(`"cleanup`") }`n}"

        $watch = [Diagnostics.Stopwatch]::StartNew()
        Invoke-HarnChunk -Source $source -TimeoutSec 1 -ErrorVariable problems -ErrorAction SilentlyContinue -InformationVariable info

        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        "$info" | Should -BeExactly 'cleanup'
        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnDeadlineExceeded,$CommandType"
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $problems[0].ErrorDetails.Message | Should -BeLike 'The Harn run exceeded its -TimeoutSec limit and was cancelled: Thrown: kind:cancelled:VM cancelled by host*'
        (Get-HarnRun | Select-Object -Last 1).TimedOut | Should -BeTrue
    }

    It 'reports an expired deadline block as HarnDeadlineExceeded' {
        Invoke-HarnChunk -Source 'pipeline default() { deadline 50ms { while true { } } }' -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnDeadlineExceeded,$CommandType"
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $problems[0].Exception.Message | Should -BeExactly 'Thrown: Deadline exceeded'
    }

    It 'writes HarnTypeError for a runtime type error' {
        Invoke-HarnChunk -Source 'pipeline default() { let v = json_parse("[1]")
  return v - 1 }' -ErrorVariable typeProblems -ErrorAction SilentlyContinue

        $typeProblems[0].FullyQualifiedErrorId | Should -BeExactly "HarnTypeError,$CommandType"
        $typeProblems[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $typeProblems[0].Exception.Message | Should -BeExactly 'Type error: Cannot subtract int from list'
    }

    It 'writes a missing file as an ObjectNotFound error with upstream''s text' {
        Invoke-HarnChunk -Source 'pipeline default() { read_file("/nonexistent/harn-missing.txt") }' -ErrorVariable fileProblems -ErrorAction SilentlyContinue

        $fileProblems[0].FullyQualifiedErrorId | Should -BeExactly "HarnRuntimeError,$CommandType"
        $fileProblems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $fileProblems[0].Exception.Message.Split([char]10)[0] | Should -BeExactly 'Runtime error: Failed to read file /nonexistent/harn-missing.txt: No such file or directory (os error 2)'
    }
}

Describe 'Invoke-HarnChunk while running' {
    It 'streams output before the script ends and stops when the pipeline is stopped' {
        $shell, $handle = Start-ShellRun "pipeline default() {`n  println(`"started`")`n  while true { }`n}"
        try {
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

    It 'runs the script''s finally when PowerShell.Stop() cancels it, records the run as Stopped and leaves nothing running' {
        $runspacesBefore = @(Get-Runspace).Count
        $threadsBefore = Get-ThreadCount
        foreach ($round in 1..3) {
            $shell, $null = Start-ShellRun "pipeline default() {`n  println(`"started`")`n  try { while true { } } finally { println(`"finally ran`") }`n}"
            try {
                $shell.Stop()
                $shell.InvocationStateInfo.State | Should -Be 'Stopped'
                @($shell.Streams.Information | ForEach-Object { "$_" }) | Should -Be @('started', 'finally ran')
                $shell.Commands.Clear()
                $run = $shell.AddCommand('Get-HarnRun').Invoke() | Select-Object -Last 1
                $run.State | Should -Be 'Stopped'
                $run.EndTime | Should -Not -BeNullOrEmpty
            }
            finally {
                $shell.Dispose()
            }
        }

        Start-Sleep -Milliseconds 300
        @(Get-Runspace).Count | Should -Be $runspacesBefore
        # Each stopped run's VM thread has ended: three rounds leave at most pool-thread noise behind.
        Get-ThreadCount | Should -BeLessThan ($threadsBefore + 3)
    }

    It 'cancels the run when a downstream Select-Object -First 1 ends the pipeline, after its finally ran' {
        $source = @'
fn ticks() {
  var i = 0
  while true {
    i = i + 1
    yield i
  }
}
pipeline default() {
  try { return ticks() } finally { println("pipeline finally") }
}
'@
        $first = Invoke-HarnChunk -Source $source -InformationVariable info | Select-Object -First 1

        $first | Should -Be 1
        "$info" | Should -BeExactly 'pipeline finally'
        (Get-HarnRun | Select-Object -Last 1).State | Should -Be 'Stopped'
    }
}

Describe 'New-HarnChunk' {
    BeforeAll {
        $script:NewCommandType = 'Harn.PowerShell.Commands.NewHarnChunkCommand'
    }

    It 'compiles once into a reusable chunk with its parameters and disassembly' {
        $chunk = New-HarnChunk -Source 'pipeline default(x) { return x * 2 }'

        $chunk | Should -BeOfType [Harn.PowerShell.Chunks.HarnChunk]
        $chunk.Name | Should -BeExactly '<source>'
        $chunk.Parameters | Should -Be @('x')
        $chunk.Path | Should -BeNullOrEmpty
        $chunk.Disassembly | Should -Match 'default'
        Invoke-HarnChunk -Chunk $chunk 21 | Should -Be 42
        Invoke-HarnChunk -Chunk $chunk 5 | Should -Be 10
        @(1, 2, 3 | ForEach-Object { Invoke-HarnChunk -Chunk $chunk $_ }) | Should -Be @(2, 4, 6)
    }

    It 'takes chunks from the pipeline' {
        $chunks = 'pipeline default() { return 1 }', 'pipeline default() { return 2 }' | ForEach-Object { New-HarnChunk -Source $_ }

        $chunks | Invoke-HarnChunk | Should -Be @(1, 2)
    }

    It 'compiles files, named after the file' {
        $file = Join-Path $TestDrive 'double.harn'
        Set-Content -Path $file -Value 'pipeline default(n) { return n * 2 }'

        $chunk = Get-ChildItem $file | New-HarnChunk

        $chunk.Name | Should -BeExactly 'double'
        $chunk.Path | Should -BeExactly $file
        Invoke-HarnChunk -Chunk $chunk 4 | Should -Be 8
    }

    It 'writes HarnSyntaxError for source that does not compile' {
        $result = New-HarnChunk -Source 'pipeline default( {' -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeExactly "HarnSyntaxError,$NewCommandType"
        $problems[0].CategoryInfo.Category | Should -Be 'ParserError'
    }
}

Describe 'Agent progress' {
    It 'shows an agent loop''s iterations with Write-Progress and completes the bar' {
        $source = 'pipeline default() { return agent_loop("hi", nil, {provider: "mock", max_iterations: 4}).status }'
        $shell = [PowerShell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddArgument((Get-Module Harn).Path).AddStatement()
            $null = $shell.AddCommand('Invoke-HarnChunk').AddParameter('Source', $source)
            $result = $shell.Invoke()
            $records = @($shell.Streams.Progress)

            $result | Should -Be 'done'
            $records.Count | Should -Be 2
            $records[0].Activity | Should -BeExactly 'agent_loop'
            $records[0].StatusDescription | Should -BeExactly 'Iteration 1 of 4: waiting for the model'
            $records[0].PercentComplete | Should -Be 25
            $records[0].RecordType | Should -Be 'Processing'
            $records[1].StatusDescription | Should -BeExactly 'Iteration 1 of 4: done'
            $records[1].RecordType | Should -Be 'Completed'
        }
        finally {
            $shell.Dispose()
        }
    }

    It 'puts a background run''s progress into the job''s Progress stream' {
        $job = Start-HarnRun -Source 'pipeline default() { return agent_loop("hi", nil, {provider: "mock", max_iterations: 3}).status }'
        try {
            $job | Wait-Job -Timeout 60 | Out-Null
            # Read before Receive-Job, which drains the job's streams.
            $job.Progress[0].Activity | Should -BeExactly 'agent_loop'
            $job.Progress[0].StatusDescription | Should -BeExactly 'Iteration 1 of 3: waiting for the model'
            $job.Progress[-1].RecordType | Should -Be 'Completed'
            $job | Receive-Job | Should -Be 'done'
        }
        finally {
            $job | Remove-Job -Force
        }
    }
}
