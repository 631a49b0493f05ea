#Requires -Version 7.4
<#
.SYNOPSIS
    Builds the module's Get-Help files from docs/: cmdlet help (docs/cmdlets/*.md) becomes the
    MAML file Harn.PowerShell.dll-Help.xml, docs/about_Harn.md becomes about_Harn.help.txt.

.DESCRIPTION
    Runs in its own process because it imports the staged module: parameter types, positions,
    pipeline binding and parameter sets come from the cmdlets themselves, the prose from the
    markdown. Each cmdlet file has the sections '# Name', '## SYNOPSIS', '## DESCRIPTION',
    '## EXAMPLES' ('### Example N: title', a fenced code block, then remarks), '## PARAMETERS'
    ('### -Name' then its description), '## INPUTS' and '## OUTPUTS' ('### TypeName' then text),
    '## NOTES' and '## RELATED LINKS' (a list). A documented cmdlet parameter without a section,
    or a section for a parameter the cmdlet lacks, fails the build.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

# Splits markdown into { Title, Level, Lines } sections by heading.
function Split-Sections([string[]] $Lines) {
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^(#{1,3}) (.+)$') {
            $current = [pscustomobject]@{ Level = $Matches[1].Length; Title = $Matches[2].Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $sections.Add($current)
        }
        elseif ($current) {
            $current.Lines.Add($line)
        }
    }
    return $sections
}

# Paragraphs of a block of markdown text (blank-line separated; list items kept on their own lines).
function Get-Paragraphs([string[]] $Lines) {
    $text = ($Lines -join "`n").Trim()
    if (-not $text) { return @() }
    return @($text -split "`n\s*`n" | ForEach-Object { ($_ -split "`n" | ForEach-Object { $_.Trim() }) -join ' ' } |
        ForEach-Object { $_ -replace '`([^`]+)`', '$1' -replace '\*\*([^*]+)\*\*', '$1' })
}

function Add-Element($Parent, [string] $Name, [string] $Text) {
    $prefix, $local = $Name -split ':'
    $element = $Parent.OwnerDocument.CreateElement($prefix, $local, $Namespaces[$prefix])
    if ($PSBoundParameters.ContainsKey('Text')) { $element.InnerText = $Text }
    $null = $Parent.AppendChild($element)
    return $element
}

function Add-Description($Parent, [string[]] $Paragraphs, [string] $Name = 'maml:description') {
    $description = Add-Element $Parent $Name
    foreach ($paragraph in $Paragraphs) { $null = Add-Element $description 'maml:para' $paragraph }
    return $description
}

$Namespaces = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Get-PipelineText($Parameter) {
    $kinds = @()
    foreach ($set in $Parameter.ParameterSets.Values) {
        if ($set.ValueFromPipeline) { $kinds += 'ByValue' }
        if ($set.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    }
    $kinds = @($kinds | Select-Object -Unique)
    if ($kinds.Count -eq 0) { return 'False' }
    return "True ($($kinds -join ', '))"
}

function Add-Parameter($Parent, $Parameter, [string[]] $Description, $SetInfo) {
    $required = if ($SetInfo) { $SetInfo.IsMandatory } else { @($Parameter.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0 }
    $position = if ($SetInfo) { $SetInfo.Position } else { ($Parameter.ParameterSets.Values | Select-Object -First 1).Position }
    $element = Add-Element $Parent 'command:parameter'
    $element.SetAttribute('required', "$required".ToLowerInvariant())
    $element.SetAttribute('position', $(if ($position -ge 0) { "$position" } else { 'named' }))
    $element.SetAttribute('pipelineInput', (Get-PipelineText $Parameter))
    $element.SetAttribute('globbing', "$([bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))".ToLowerInvariant())
    $element.SetAttribute('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $null = Add-Element $element 'maml:name' $Parameter.Name
    $null = Add-Description $element $Description
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    if (-not $isSwitch) {
        $value = Add-Element $element 'command:parameterValue' $Parameter.ParameterType.Name
        $value.SetAttribute('required', 'true')
    }
    $type = Add-Element $element 'dev:type'
    $null = Add-Element $type 'maml:name' $Parameter.ParameterType.FullName
}

$module = Import-Module $ModuleManifest -PassThru -Force
$null = New-Item -ItemType Directory -Path $OutputPath -Force
$document = [xml]::new()
$null = $document.AppendChild($document.CreateXmlDeclaration('1.0', 'utf-8', $null))
$root = $document.CreateElement('helpItems', 'http://msh')
$root.SetAttribute('schema', 'maml')
$null = $document.AppendChild($root)

foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $file = Join-Path $DocsPath "$($command.Name).md"
    if (-not (Test-Path $file)) { throw "No help for $($command.Name): $file is missing." }
    $sections = Split-Sections (Get-Content $file)
    $byTitle = @{}
    foreach ($section in $sections | Where-Object Level -EQ 2) { $byTitle[$section.Title] = $section }
    foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') {
        if (-not $byTitle.ContainsKey($required)) { throw "$file has no '## $required' section." }
    }

    # Level-3 sections belong to the level-2 section before them.
    $children = @{}
    $owner = $null
    foreach ($section in $sections) {
        if ($section.Level -eq 2) { $owner = $section.Title; $children[$owner] = [System.Collections.Generic.List[object]]::new() }
        elseif ($section.Level -eq 3 -and $owner) { $children[$owner].Add($section) }
    }

    $parameterText = @{}
    foreach ($section in $children['PARAMETERS']) {
        $name = $section.Title.TrimStart('-')
        if (-not $command.Parameters.ContainsKey($name)) { throw "$file documents -$name, which $($command.Name) does not have." }
        $parameterText[$name] = @(Get-Paragraphs $section.Lines)
    }
    $parameters = @($command.Parameters.Values | Where-Object { $_.Name -notin $Common })
    foreach ($parameter in $parameters) {
        if (-not $parameterText.ContainsKey($parameter.Name)) { throw "$file does not document -$($parameter.Name)." }
    }

    $element = $document.CreateElement('command', 'command', $Namespaces.command)
    foreach ($prefix in $Namespaces.Keys) { $element.SetAttribute("xmlns:$prefix", $Namespaces[$prefix]) }
    $null = $root.AppendChild($element)
    $details = Add-Element $element 'command:details'
    $null = Add-Element $details 'command:name' $command.Name
    $null = Add-Element $details 'command:verb' $command.Verb
    $null = Add-Element $details 'command:noun' $command.Noun
    $null = Add-Description $details @(Get-Paragraphs $byTitle['SYNOPSIS'].Lines)
    $null = Add-Description $element @(Get-Paragraphs $byTitle['DESCRIPTION'].Lines)

    $syntax = Add-Element $element 'command:syntax'
    foreach ($set in $command.ParameterSets) {
        $item = Add-Element $syntax 'command:syntaxItem'
        $null = Add-Element $item 'maml:name' $command.Name
        foreach ($setParameter in $set.Parameters | Where-Object { $_.Name -notin $Common } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } }) {
            $parameter = $command.Parameters[$setParameter.Name]
            Add-Parameter $item $parameter $parameterText[$parameter.Name] $setParameter
        }
    }

    $parameterList = Add-Element $element 'command:parameters'
    foreach ($parameter in $parameters) {
        Add-Parameter $parameterList $parameter $parameterText[$parameter.Name] $null
    }

    foreach ($kind in @(@{ Section = 'INPUTS'; List = 'command:inputTypes'; Item = 'command:inputType' },
                       @{ Section = 'OUTPUTS'; List = 'command:returnValues'; Item = 'command:returnValue' })) {
        if (-not $children.ContainsKey($kind.Section)) { continue }
        $list = Add-Element $element $kind.List
        foreach ($section in $children[$kind.Section]) {
            $item = Add-Element $list $kind.Item
            $type = Add-Element $item 'dev:type'
            $null = Add-Element $type 'maml:name' $section.Title
            $null = Add-Description $item @(Get-Paragraphs $section.Lines)
        }
    }

    if ($byTitle.ContainsKey('NOTES')) {
        $alerts = Add-Element $element 'maml:alertSet'
        $alert = Add-Element $alerts 'maml:alert'
        foreach ($paragraph in Get-Paragraphs $byTitle['NOTES'].Lines) { $null = Add-Element $alert 'maml:para' $paragraph }
    }

    $examples = Add-Element $element 'command:examples'
    foreach ($section in $children['EXAMPLES']) {
        $example = Add-Element $examples 'command:example'
        $null = Add-Element $example 'maml:title' "--------- $($section.Title) ---------"
        $text = $section.Lines -join "`n"
        if ($text -notmatch '(?s)```\w*\n(.*?)\n```(.*)') { throw "$file '$($section.Title)' has no code block." }
        $null = Add-Element $example 'dev:code' $Matches[1]
        $null = Add-Description $example @(Get-Paragraphs ($Matches[2] -split "`n")) 'dev:remarks'
    }

    $links = Add-Element $element 'command:relatedLinks'
    if ($byTitle.ContainsKey('RELATED LINKS')) {
        foreach ($line in $byTitle['RELATED LINKS'].Lines) {
            if ($line -notmatch '^\s*-\s+(.+)$') { continue }
            $link = Add-Element $links 'maml:navigationLink'
            $null = Add-Element $link 'maml:linkText' ($Matches[1].Trim() -replace '^\[([^\]]+)\].*$', '$1')
            $null = Add-Element $link 'maml:uri' ''
        }
    }
}

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create((Join-Path $OutputPath 'Harn.PowerShell.dll-Help.xml'), $settings)
try { $document.Save($writer) } finally { $writer.Dispose() }

# About topics are plain text; the markdown is written for reading as it is.
$about = Join-Path (Split-Path $DocsPath) 'about_Harn.md'
Get-Content $about | Set-Content -Path (Join-Path $OutputPath 'about_Harn.help.txt') -Encoding utf8
