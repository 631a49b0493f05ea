#Requires -Version 7.4
# Get-Help works from the staged module for every cmdlet (built from docs/ by build.ps1 Docs).

BeforeDiscovery {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    $script:Cmdlets = (Import-Module $manifest -Force -PassThru).ExportedCmdlets.Keys | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    $manifest = if ($env:HARN_MODULE_MANIFEST) { $env:HARN_MODULE_MANIFEST } else { Join-Path $PSScriptRoot '../../out/Harn/Harn.psd1' }
    Import-Module $manifest -Force
}

AfterAll {
    Remove-Module Harn -ErrorAction SilentlyContinue
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    }

    It 'has a synopsis, a description and examples' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -BeLike "*$Name *[[]*"
        ($Help.Description.Text -join ' ') | Should -Not -BeNullOrEmpty
        @($Help.Examples.Example).Count | Should -BeGreaterThan 0
        @($Help.Examples.Example)[0].Code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $parameters = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $Common }
        foreach ($parameter in $parameters) {
            $entry = $Help.Parameters.Parameter | Where-Object Name -EQ $parameter
            ($entry.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
        }
    }
}

Describe 'about_Harn' {
    It 'is available through Get-Help' {
        (Get-Help about_Harn | Out-String) | Should -Match 'PreFinish hook cannot block the pipeline finish'
    }
}

Describe 'Module manifest' {
    It 'exports exactly the documented cmdlets, with approved verbs' {
        $exported = (Get-Module Harn).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be @('Get-HarnHook', 'Get-HarnRun', 'Invoke-HarnChunk', 'New-HarnChunk', 'Register-HarnHook', 'Start-HarnRun', 'Stop-HarnRun', 'Unregister-HarnHook')
        $approved = (Get-Verb).Verb
        foreach ($name in $exported) {
            ($name -split '-')[0] | Should -BeIn $approved
        }
    }
}
