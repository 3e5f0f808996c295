BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $model = Join-Path $TestDrive 'structured.gguf'
    New-TestModel -Path $model -Spec @{ Name = 'structured'; ContextLength = 2048; Seed = 11 } | Out-Null
    $run = @{ ModelPath = $model; ContextSize = 1024 }

    $invoice = @'
FAKTURA 2024-118
Dato: 14.03.2024
Fra: Fjellbakeriet AS, Storgata 3, 0155 Oslo
Til: Ruter AS
Å betale: 1 249,50 kr innen 28.03.2024
'@
    # Strings are bounded, so even a random model's answer ends well within -MaxTokens.
    $invoiceSchema = @'
{
  "type": "object",
  "properties": {
    "dato": { "type": "string", "minLength": 1, "maxLength": 10 },
    "beløp": { "type": "number" },
    "avsender": { "type": "string", "maxLength": 24 },
    "valuta": { "enum": ["NOK", "kr", "€ (euro)"] },
    "betalt": { "type": "boolean" }
  },
  "required": ["dato", "beløp", "avsender", "valuta"],
  "additionalProperties": false
}
'@
}

AfterAll {
    Remove-NorskModel -All
}

Describe 'Structured answers' {
    Context '-JsonSchema' {
        It 'answers JSON that parses and fits the schema, for 20 seeds' {
            $failures = foreach ($seed in 1..20) {
                $response = $invoice | Invoke-NorskInstruction 'Hent ut dato, beløp, avsender og valuta som JSON.' @run -JsonSchema $invoiceSchema -MaxTokens 400 -Seed $seed
                if ($response.StopReason -ne 'EndOfSequence' -or -not (Test-Json -Json $response.Content -Schema $invoiceSchema -ErrorAction SilentlyContinue)) {
                    "seed ${seed}: $($response.StopReason) $($response.Content)"
                }
            }

            $failures | Should -BeNullOrEmpty
        }

        It 'takes the schema as a hashtable too' {
            $schema = @{ type = 'object'; properties = @{ svar = @{ enum = @('ja', 'nei') } }; required = @('svar'); additionalProperties = $false }
            $answer = Invoke-NorskChat 'Er Oslo hovedstaden i Norge?' @run -JsonSchema $schema -AsObject -MaxTokens 40 -Seed 5
            $answer.svar | Should -BeIn @('ja', 'nei')
        }

        It 'keeps Norwegian letters, quotes and newlines intact inside JSON strings' {
            $values = @('blå "hav"', "rød`nlinje", 'grønn\sti', 'Ærlig Øya Ål')
            $schema = @{ type = 'object'; properties = @{ farge = @{ enum = $values } }; required = @('farge'); additionalProperties = $false }
            $seen = foreach ($seed in 1..12) {
                (Invoke-NorskInstruction 'Velg en farge.' @run -JsonSchema $schema -AsObject -MaxTokens 60 -Seed $seed).farge
            }

            $seen.Count | Should -Be 12
            $seen | ForEach-Object { $_ | Should -BeIn $values }
        }
    }

    Context '-AsObject' {
        It 'writes the parsed answer instead of the response' {
            $objects = @($invoice | Invoke-NorskInstruction 'Hent ut fakturaen som JSON.' @run -JsonSchema $invoiceSchema -AsObject -MaxTokens 400 -Seed 3)
            $objects.Count | Should -Be 1
            $objects[0] | Should -BeOfType ([pscustomobject])
            $objects[0].PSObject.Properties.Name | Should -Contain 'beløp'
            $objects[0].valuta | Should -BeIn @('NOK', 'kr', '€ (euro)')
        }

        It 'gives one object per piped input, in order' {
            $schema = @{ type = 'object'; properties = @{ n = @{ type = 'integer' } }; required = @('n'); additionalProperties = $false }
            $objects = @('én', 'to', 'tre') | Invoke-NorskInstruction 'Skriv tallet som JSON.' @run -JsonSchema $schema -AsObject -MaxTokens 60 -Seed 8 -BatchSize 2
            $objects.Count | Should -Be 3
            $objects | ForEach-Object { $_.n | Should -BeOfType ([long]) }
        }

        It 'is an error, never a partial object, when -MaxTokens cuts the answer short' {
            $objects = @(Invoke-NorskInstruction 'Hent ut fakturaen som JSON.' -InputObject $invoice @run -JsonSchema $invoiceSchema -AsObject -MaxTokens 4 -Seed 3 -ErrorVariable failed -ErrorAction SilentlyContinue)
            $objects | Should -BeNullOrEmpty
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'StructuredAnswerTruncated,*'
            $failed[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $failed[0].Exception.Message | Should -Match 'MaxTokens'
        }

        It 'holds an answer without a schema to JSON, one object or array per answer' {
            foreach ($seed in 1..6) {
                # -OutVariable counts pipeline objects; @() would flatten an array answer.
                $null = Invoke-NorskChat 'Gi meg et JSON-objekt.' @run -AsObject -MaxTokens 300 -Seed $seed -OutVariable out -ErrorVariable failed -ErrorAction SilentlyContinue
                # A random model may not close its JSON within the limit; then there is an error and no object.
                ($out.Count + $failed.Count) | Should -Be 1
                if ($out.Count) {
                    # An object or an array, as ConvertFrom-Json -NoEnumerate gives it; never text.
                    ($out[0] -is [pscustomobject] -or $out[0] -is [object[]]) | Should -BeTrue
                }
                else {
                    $failed[0].FullyQualifiedErrorId | Should -BeLike 'StructuredAnswerTruncated,*'
                }
            }
        }

        It 'names each object''s file as NorskSource, and a failed file as its error''s TargetObject' {
            $folder = Join-Path $TestDrive 'sources'
            New-Item -ItemType Directory -Path $folder | Out-Null
            foreach ($name in 'a', 'b', 'c') {
                Set-Content -LiteralPath (Join-Path $folder "$name.txt") -Value "Er Oslo i Norge? Brev $name." -Encoding utf8NoBOM
            }
            # Far more than the 1024-token context holds.
            Set-Content -LiteralPath (Join-Path $folder 'd-lang.txt') -Value ((1..1500 | ForEach-Object { 'blåbær' }) -join ' ') -Encoding utf8NoBOM
            $files = Get-ChildItem -LiteralPath $folder -Filter *.txt | Sort-Object Name
            $schema = @{ type = 'object'; properties = @{ svar = @{ enum = @('ja', 'nei') } }; required = @('svar'); additionalProperties = $false }

            $objects = @($files | Invoke-NorskInstruction 'Svar ja eller nei som JSON.' @run -JsonSchema $schema -AsObject -MaxTokens 60 -Seed 4 -BatchSize 2 -ErrorVariable failed -ErrorAction SilentlyContinue)

            $objects.Count | Should -Be 3
            $objects.NorskSource | Should -Be $files[0..2].FullName
            $objects | ForEach-Object { $_.svar | Should -BeIn @('ja', 'nei') }
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'InputExceedsContext,*'
            $failed[0].TargetObject | Should -Be $files[3].FullName
        }

        It 'names the input as the TargetObject of an answer cut short, as NorskSource would' {
            $objects = @('første', 'andre') | Invoke-NorskInstruction 'Hent ut fakturaen som JSON.' @run -JsonSchema $invoiceSchema -AsObject -MaxTokens 4 -Seed 3 -ErrorVariable failed -ErrorAction SilentlyContinue
            $objects | Should -BeNullOrEmpty
            $failed.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'StructuredAnswerTruncated,*' }
            $failed.TargetObject | Should -Be @('InputObject[1]', 'InputObject[2]')
        }

        It 'carries NorskSource on an answer that is not a JSON object' {
            $schema = @{ type = 'string'; maxLength = 8 }
            $null = 'en', 'to' | Invoke-NorskInstruction 'Skriv et ord som JSON.' @run -JsonSchema $schema -AsObject -MaxTokens 60 -Seed 2 -OutVariable out
            $out.Count | Should -Be 2
            $out | ForEach-Object { $_ | Should -BeOfType ([string]) }
            $out.NorskSource | Should -Be @('InputObject[1]', 'InputObject[2]')
            # ConvertTo-Json writes a string as itself, whatever notes it carries.
            ConvertTo-Json -InputObject $out[0] -Compress | ConvertFrom-Json | Should -Be $out[0].PSObject.BaseObject

            $schema = @{ type = 'array'; items = @{ enum = @('ja', 'nei') }; minItems = 1; maxItems = 2 }
            $null = Invoke-NorskInstruction 'Svar ja eller nei som JSON.' -InputObject 'Er Oslo i Norge?' @run -JsonSchema $schema -AsObject -MaxTokens 60 -Seed 2 -OutVariable list
            $list.Count | Should -Be 1
            $list[0] -is [object[]] | Should -BeTrue
            $list[0].NorskSource | Should -Be 'InputObject[1]'
            # An array with a note property is written as value and note, as the about topic says.
            ConvertTo-Json -InputObject $list[0] -Compress | Should -BeLike '{"value":`[*`],"NorskSource":"InputObject`[1`]"}'
        }

        It 'adds no NorskSource to Invoke-NorskChat''s answer, nor to an instruction answered without input' {
            $schema = @{ type = 'object'; properties = @{ svar = @{ enum = @('ja', 'nei') } }; required = @('svar'); additionalProperties = $false }
            $chat = Invoke-NorskChat 'Er Oslo hovedstaden i Norge?' @run -JsonSchema $schema -AsObject -MaxTokens 40 -Seed 5
            $alone = Invoke-NorskInstruction 'Svar ja eller nei som JSON.' @run -JsonSchema $schema -AsObject -MaxTokens 40 -Seed 5
            $chat.PSObject.Properties.Name | Should -Be @('svar')
            $alone.PSObject.Properties.Name | Should -Be @('svar')
        }

        It 'refuses -Stream with -AsObject' {
            { Invoke-NorskChat 'Hei' @run -AsObject -Stream -ErrorAction Stop } | Should -Throw -ErrorId 'AsObjectWithStream,*'
        }
    }

    Context '-Grammar' {
        It 'only ever says ja or nei' {
            $answers = foreach ($seed in 1..10) {
                (Invoke-NorskChat 'Liker du brunost?' @run -Grammar 'root ::= "ja" | "nei"' -MaxTokens 10 -Seed $seed).Content
                (Invoke-NorskInstruction 'Svar ja eller nei: er himmelen blå?' @run -Grammar 'root ::= "ja" | "nei"' -MaxTokens 10 -Seed $seed).Content
            }

            $answers.Count | Should -Be 20
            $answers | ForEach-Object { $_ | Should -BeIn @('ja', 'nei') }
        }

        It 'rejects a grammar that is not GBNF, saying where' {
            $record = { Invoke-NorskChat 'Hei' -ModelPath $model -Grammar "root ::= `"ja`" | `"nei" -ErrorAction Stop } | Should -Throw -ErrorId 'GrammarInvalid,*' -PassThru
            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.Exception.Message | Should -Match 'line 1'
        }

        It 'stops with GrammarDeadEnd, and the shell survives, when no token can follow the grammar' {
            foreach ($grammar in 'root ::= "\x00"', 'root ::= "ja" "\x00"', 'root ::= "😀"') {
                $response = Invoke-NorskChat 'Hei' @run -Grammar $grammar -MaxTokens 8 -Seed 1
                $response.StopReason | Should -Be 'GrammarDeadEnd' -Because $grammar
            }

            $null = Invoke-NorskChat 'Hei' @run -Grammar 'root ::= "\x00"' -AsObject -MaxTokens 8 -Seed 1 -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'StructuredAnswerTruncated,*'
            $failed[0].Exception.Message | Should -Match 'grammar allows nothing'
        }

        It 'rejects a grammar without root' {
            { Invoke-NorskChat 'Hei' @run -Grammar 'svar ::= "ja"' -ErrorAction Stop } | Should -Throw -ErrorId 'GrammarInvalid,*'
        }

        It 'refuses -Grammar with -JsonSchema' {
            { Invoke-NorskChat 'Hei' @run -Grammar 'root ::= "ja"' -JsonSchema '{"type":"string"}' -ErrorAction Stop } | Should -Throw -ErrorId 'GrammarWithJsonSchema,*'
        }
    }

    Context 'schemas it cannot honour' {
        It 'names an unsupported keyword' {
            $record = { Invoke-NorskChat 'Hei' @run -JsonSchema '{"type":"string","pattern":"^[0-9]+$"}' -ErrorAction Stop } |
                Should -Throw -ErrorId 'JsonSchemaUnsupported,*' -PassThru
            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.Exception.Message | Should -Match 'pattern'
        }

        It 'says when the schema is not JSON' {
            { Invoke-NorskChat 'Hei' @run -JsonSchema '{"type": ' -ErrorAction Stop } | Should -Throw -ErrorId 'JsonSchemaNotJson,*'
        }

        It 'says to pass the content when the schema given is a file path' {
            $file = Join-Path $TestDrive 'skjema.json'
            Set-Content -LiteralPath $file -Value '{"type":"string","maxLength":5}' -Encoding utf8
            $record = { Invoke-NorskChat 'Hei' @run -JsonSchema $file -ErrorAction Stop } | Should -Throw -ErrorId 'JsonSchemaNotJson,*' -PassThru
            $record.Exception.Message | Should -Match 'Get-Content -Raw'
            (Invoke-NorskChat 'Hei' @run -JsonSchema (Get-Content -Raw $file) -MaxTokens 20 -Seed 1).StopReason | Should -Be 'EndOfSequence'
        }

        It 'keeps the shell and the model working after every refusal' {
            (Invoke-NorskChat 'Hei' @run -MaxTokens 4 -Seed 1).CompletionTokenCount | Should -BeGreaterThan 0
        }
    }
}
