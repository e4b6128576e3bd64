using System.Text.Json.Nodes;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// Teaches the server's runtime OpenAPI document what the code means but the generator cannot see, so that the
/// contract drift test compares like with like. Each rule describes real server behaviour; none papers over drift.
/// </summary>
internal static class RuntimeDocumentTransformers
{
    private const string ProblemMediaType = "application/problem+json";

    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;

        // Money is decimal end to end; the generator would call it a double.
        options.AddSchemaTransformer(
            (schema, context, _) =>
            {
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                if (type == typeof(decimal))
                {
                    schema.Format = "decimal";
                }

                return Task.CompletedTask;
            }
        );

        // An event type's name is one of the catalogue's; an event's data is the JSON object of its resource.
        options.AddSchemaTransformer(
            (schema, context, _) =>
            {
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                if (type == typeof(Contracts.EventTypeName))
                {
                    (schema.Type, schema.Enum, schema.Properties) = (JsonSchemaType.String, EventTypeNames(), null);
                }
                else if (type == typeof(Contracts.RawJson))
                {
                    (schema.Type, schema.Properties) = (JsonSchemaType.Object, null);
                }
                else if (type.IsAssignableTo(typeof(IEnumerable<Contracts.EventTypeName>)))
                {
                    schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = EventTypeNames() };
                }

                return Task.CompletedTask;
            }
        );

        // A list read item by item as raw JSON is described with its items' type.
        options.AddSchemaTransformer(
            async (schema, context, cancellationToken) =>
            {
                if (
                    context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(
                        typeof(ItemsReadOnTheirOwnAttribute),
                        inherit: false
                    )
                    is [ItemsReadOnTheirOwnAttribute items, ..]
                )
                {
                    schema.Items = await context.GetOrCreateSchemaAsync(items.ItemType, null, cancellationToken);
                }
            }
        );

        // Query enums bind through QueryEnum<T> (so that an unknown value is a field error), but take the enum's
        // values.
        options.AddOperationTransformer(
            (operation, context, _) =>
            {
                foreach (var description in context.Description.ParameterDescriptions)
                {
                    var parameter = operation
                        .Parameters?.OfType<OpenApiParameter>()
                        .FirstOrDefault(p => p.Name == description.Name);
                    if (parameter is not null && EnumSchema(description.Type) is { } schema)
                    {
                        parameter.Schema = schema;
                    }
                }

                return Task.CompletedTask;
            }
        );

        // A list's sort is text bound as a string, checked against its catalog: the catalog's values are the enum.
        options.AddOperationTransformer(
            (operation, context, _) =>
            {
                if (
                    context.Description.ActionDescriptor.EndpointMetadata.OfType<SortCatalogMetadata>().FirstOrDefault()
                        is { } sorts
                    && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "sort")
                        is { } parameter
                )
                {
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = EnumOf(sorts.Catalog.Values),
                    };
                }

                return Task.CompletedTask;
            }
        );

        options.AddOperationTransformer(
            (operation, context, _) =>
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
            }
        );

        // Any operation may find the database down or out of connections: the exception handler answers a 503 problem.
        options.AddOperationTransformer(
            (operation, _, _) =>
            {
                if (
                    operation
                        .Responses?.Values.Select(r => r.Content)
                        .FirstOrDefault(c => c?.ContainsKey(ProblemMediaType) == true) is
                    { } problem
                )
                {
                    operation.Responses["503"] = new OpenApiResponse
                    {
                        Description = "503",
                        Content = new Dictionary<string, OpenApiMediaType>(problem),
                    };
                }

                return Task.CompletedTask;
            }
        );

        DescribeIdempotencyKey(options);
    }

    /// <summary>
    /// The operations that take an idempotency key are the contract's (<see cref="Idempotency"/> reads them from it and
    /// handles the header for them, not the endpoint): they take the header and can answer 409 (a request with the key
    /// is running) and 422 (the key was used for another request), with the problem schema of their other refusals.
    /// </summary>
    private static void DescribeIdempotencyKey(OpenApiOptions options)
    {
        var operations = Idempotency.Operations(ContractDocument.Json);
        options.AddOperationTransformer(
            (operation, context, _) =>
            {
                var name = context
                    .Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>()
                    .FirstOrDefault()
                    ?.EndpointName;

                // The problem of a refusal the operation has anyway: a bad request, or a forbidden one for an operation
                // without a body.
                IOpenApiResponse? refusal = null;
                if (operation.Responses is { } responses && !responses.TryGetValue("400", out refusal))
                {
                    responses.TryGetValue("403", out refusal);
                }

                if (name is null || !operations.GetValueOrDefault(name) || refusal is not { Content: { } problem })
                {
                    return Task.CompletedTask;
                }

                (operation.Parameters ??= []).Add(
                    new OpenApiParameter
                    {
                        Name = Idempotency.Header,
                        In = ParameterLocation.Header,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    }
                );
                foreach (var status in new[] { "409", "422" })
                {
                    if (!operation.Responses!.ContainsKey(status))
                    {
                        operation.Responses[status] = new OpenApiResponse
                        {
                            Description = status,
                            Content = new Dictionary<string, OpenApiMediaType>(problem),
                        };
                    }
                }

                return Task.CompletedTask;
            }
        );
    }

    private static List<JsonNode> EnumOf(IEnumerable<string> names) => [.. names.Select(n => (JsonNode)n)];

    private static List<JsonNode> EventTypeNames() => EnumOf(Domain.Events.EventTypes.All.Select(t => t.Name));

    private static OpenApiSchema? EnumSchema(Type type)
    {
        if (type.IsArray)
        {
            return EnumSchema(type.GetElementType()!) is { } items
                ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = items }
                : null;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(Contracts.EventTypeName))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String, Enum = EventTypeNames() };
        }

        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(QueryEnum<>))
        {
            return null;
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = EnumOf(SnakeCaseNames.All(type.GetGenericArguments()[0])),
        };
    }
}
