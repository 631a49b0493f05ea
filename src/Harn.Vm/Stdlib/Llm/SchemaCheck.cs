using Harn.Runtime;

namespace Harn.Stdlib.Llm;

/// <summary>Validates structured output against a JSON Schema or Harn schema dict.</summary>
internal static class SchemaCheck
{
    public static List<string> Problems(Value data, HarnDict schema) => JsonSchemaValidator.Check(data, schema);
}
