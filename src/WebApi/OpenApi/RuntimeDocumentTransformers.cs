using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// Teaches the server's runtime OpenAPI document what the code means but the generator cannot see, so that the
/// contract drift test compares like with like. Each rule describes real server behaviour; none papers over drift.
/// </summary>
internal static class RuntimeDocumentTransformers
{
    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;

        // Money is decimal end to end; the generator would call it a double.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type == typeof(decimal))
            {
                schema.Format = "decimal";
            }

            return Task.CompletedTask;
        });

        // Query enums bind through QueryEnum<T> (to answer unknown values with a field error), but take the enum's values.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(QueryEnum<>))
            {
                var enumType = type.GetGenericArguments()[0];
                schema.Type = JsonSchemaType.String;
                schema.Format = null;
                schema.Enum = [.. Enum.GetNames(enumType).Select(n => (System.Text.Json.Nodes.JsonNode)System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n))];
            }

            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IfMatchRequiredMetadata>().Any())
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.In == ParameterLocation.Header && parameter.Name == "If-Match")
                    {
                        parameter.Required = true;
                    }
                }
            }

            return Task.CompletedTask;
        });
    }
}
