# Command objects written as MAML, the XML that Get-Help reads from <module>/en-US/*-Help.xml.

$script:MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$script:CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$script:DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Para {
    param([System.Xml.XmlWriter]$Writer, [string[]]$Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $script:MamlNamespace)
    foreach ($paragraph in $Paragraphs) {
        $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $paragraph)
    }
    $Writer.WriteEndElement()
}

function Write-Parameter {
    param([System.Xml.XmlWriter]$Writer, $Parameter, $Variant, [switch]$InSyntax)
    $isSwitch = $Variant.Type -in 'SwitchParameter', 'System.Management.Automation.SwitchParameter'
    $Writer.WriteStartElement('command', 'parameter', $script:CommandNamespace)
    $Writer.WriteAttributeString('required', $Variant.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Variant.Type.EndsWith('[]').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Variant.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Variant.Pipeline)
    $Writer.WriteAttributeString('position', $Variant.Position)
    $Writer.WriteAttributeString('aliases', $(if ($Variant.Aliases.Count) { $Variant.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Parameter.Name)
    Write-Para $Writer $Parameter.Description
    # A switch shows as a bare [-Name] in syntax; a parameterValue there would render as [-Name <SwitchParameter>].
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:CommandNamespace)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Variant.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $script:DevNamespace)
    $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Variant.Type)
    $Writer.WriteElementString('maml', 'uri', $script:MamlNamespace, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $script:DevNamespace, $Variant.DefaultValue)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter]$Writer, [string]$ListName, [string]$ItemName, $Types)
    $Writer.WriteStartElement('command', $ListName, $script:CommandNamespace)
    foreach ($type in $Types) {
        $Writer.WriteStartElement('command', $ItemName, $script:CommandNamespace)
        $Writer.WriteStartElement('dev', 'type', $script:DevNamespace)
        $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $type.Name)
        $Writer.WriteEndElement()
        Write-Para $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter]$Writer, $Page)
    $Writer.WriteStartElement('command', 'command', $script:CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $script:MamlNamespace)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $script:CommandNamespace)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $script:DevNamespace)

    $Writer.WriteStartElement('command', 'details', $script:CommandNamespace)
    $Writer.WriteElementString('command', 'name', $script:CommandNamespace, $Page.Name)
    $Writer.WriteElementString('command', 'verb', $script:CommandNamespace, $Page.Verb)
    $Writer.WriteElementString('command', 'noun', $script:CommandNamespace, $Page.Noun)
    Write-Para $Writer $Page.Synopsis
    $Writer.WriteEndElement()

    Write-Para $Writer $Page.Description

    $Writer.WriteStartElement('command', 'syntax', $script:CommandNamespace)
    foreach ($set in $Page.SyntaxSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:CommandNamespace)
        $Writer.WriteElementString('maml', 'name', $script:MamlNamespace, $Page.Name)
        # In the order the page's syntax block shows them, which puts positional parameters first.
        foreach ($name in $set.Parameters) {
            $parameter = $Page.Parameters | Where-Object Name -EQ $name
            $variant = $parameter.Variants | Where-Object { $_.Sets -contains $set.Name }
            Write-Parameter $Writer $parameter $variant -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:CommandNamespace)
    foreach ($parameter in $Page.Parameters) {
        Write-Parameter $Writer $parameter $parameter.Variants[0]
    }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Page.Outputs

    if ($Page.Notes.Count) {
        $Writer.WriteStartElement('maml', 'alertSet', $script:MamlNamespace)
        $Writer.WriteStartElement('maml', 'alert', $script:MamlNamespace)
        foreach ($paragraph in $Page.Notes) {
            $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $paragraph)
        }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $script:CommandNamespace)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:CommandNamespace)
        $Writer.WriteElementString('maml', 'title', $script:MamlNamespace, "--------- $($example.Title) ---------")
        $Writer.WriteElementString('dev', 'code', $script:DevNamespace, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $script:DevNamespace)
        # The trailing empty para is the only way to get a blank line before the next example's title.
        foreach ($paragraph in @($example.Remarks) + '') {
            $Writer.WriteElementString('maml', 'para', $script:MamlNamespace, $paragraph)
        }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:CommandNamespace)
    foreach ($link in $Page.RelatedLinks) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:MamlNamespace)
        $Writer.WriteElementString('maml', 'linkText', $script:MamlNamespace, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $script:MamlNamespace, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-Maml {
    param([string]$File, $Pages)
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    # Characters XML cannot carry at all must stop the build, not vanish from the help.
    $settings.CheckCharacters = $true
    $writer = [System.Xml.XmlWriter]::Create($File, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($page in $Pages) {
            Write-Command $writer $page
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}
