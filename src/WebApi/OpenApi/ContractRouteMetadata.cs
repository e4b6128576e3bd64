using System.Collections.Frozen;
using System.Text.Json.Nodes;
using MakCrm.Contracts;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;

namespace MakCrm.WebApi.OpenApi;

/// <summary>
/// What the contract says about an operation beyond its shape, turned into the endpoint's metadata, so an endpoint
/// declares only its route, its name (the operationId) and its handler:
/// <list type="bullet">
/// <item>its tags;</item>
/// <item>who may call it: <c>x-permission</c> names a permission policy (<see cref="PermissionPolicies"/>), or
/// <c>security: []</c> makes it anonymous;</item>
/// <item>its rate limit: <c>x-rate-limit</c> is <c>per-caller</c> or <c>per-address</c>;</item>
/// <item>its problem answers: every response whose content is <c>application/problem+json</c>;</item>
/// <item>a required <c>If-Match</c> header parameter (the runtime description marks it required).</item>
/// </list>
/// An endpoint that names an operation the contract lacks, or an operation that says neither who may call it nor
/// that it is anonymous, stops the server at start-up: an unguarded endpoint is never served.
/// </summary>
public static class ContractRouteMetadata
{
    public const string PermissionExtension = "x-permission";
    public const string RateLimitExtension = "x-rate-limit";

    private static readonly Lazy<FrozenDictionary<string, OperationMetadata>> ByOperationId = new(() =>
        Read(ContractDocument.Json)
    );

    /// <summary>Adds the contract's metadata to every endpoint mapped through <paramref name="builder"/>, after the
    /// endpoint's own conventions.</summary>
    public static TBuilder WithContractMetadata<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var name =
                endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName
                ?? throw new InvalidOperationException(
                    $"The endpoint {endpoint.DisplayName} has no name: name it by its operationId in "
                        + $"api-spec/openapi.yaml."
                );
            if (!ByOperationId.Value.TryGetValue(name, out var operation))
            {
                throw new InvalidOperationException(
                    $"The endpoint {endpoint.DisplayName} is named {name}, which is no operationId of "
                        + $"api-spec/openapi.yaml."
                );
            }

            foreach (var item in operation.Metadata)
            {
                endpoint.Metadata.Add(item);
            }
        });
        return builder;
    }

    /// <summary>The metadata of every operation of a contract, by operationId.</summary>
    public static FrozenDictionary<string, OperationMetadata> Read(JsonObject contract) =>
        ContractDocument
            .Operations(contract)
            .Where(o => o.OperationId is not null)
            .ToFrozenDictionary(o => o.OperationId!, o => Of(contract, o), StringComparer.Ordinal);

    private static OperationMetadata Of(JsonObject contract, ContractOperation operation)
    {
        var id = operation.OperationId!;
        var metadata = new List<object>();

        var tags = operation.Operation["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToArray() ?? [];
        if (tags.Length > 0)
        {
            metadata.Add(new TagsAttribute(tags));
        }

        var anonymous = operation.Operation["security"] is JsonArray { Count: 0 };
        var permission = operation.Operation[PermissionExtension]?.GetValue<string>();
        switch (anonymous, permission)
        {
            case (true, null):
                metadata.Add(new AllowAnonymousAttribute());
                break;
            case (false, { } policy) when PermissionPolicies.Names.Contains(policy):
                metadata.Add(new AuthorizeAttribute(policy));
                break;
            case (false, { } policy):
                throw new InvalidOperationException(
                    $"{id}: {PermissionExtension} '{policy}' is no permission policy (Domain/Access/Permissions.cs, "
                        + $"WebApi/Auth/PermissionPolicies.cs)."
                );
            case (true, _):
                throw new InvalidOperationException(
                    $"{id}: an anonymous operation (security: []) names no {PermissionExtension}."
                );
            default:
                throw new InvalidOperationException(
                    $"{id}: says neither {PermissionExtension} nor security: [] (every operation is guarded or "
                        + $"explicitly anonymous)."
                );
        }

        switch (operation.Operation[RateLimitExtension]?.GetValue<string>())
        {
            case "per-caller":
                metadata.Add(RateLimitedMetadata.PerCaller);
                break;
            case "per-address":
                metadata.Add(RateLimitedMetadata.PerAddress);
                break;
            case null:
                break;
            case var other:
                throw new InvalidOperationException(
                    $"{id}: {RateLimitExtension} '{other}' is neither per-caller nor per-address."
                );
        }

        foreach (var (status, response) in operation.Operation["responses"]?.AsObject() ?? [])
        {
            if (
                int.TryParse(status, out var code)
                && ContractDocument.Resolve(contract, response!)["content"]?[ProblemJsonWriter.ContentType] is not null
            )
            {
                metadata.Add(new ProducesResponseTypeMetadata(code, typeof(Problem), [ProblemJsonWriter.ContentType]));
            }
        }

        var ifMatchRequired = operation
            .Parameters.Select(p => ContractDocument.Resolve(contract, p))
            .Any(p =>
                p["in"]?.GetValue<string>() == "header"
                && string.Equals(p["name"]?.GetValue<string>(), "If-Match", StringComparison.OrdinalIgnoreCase)
                && p["required"]?.GetValue<bool>() == true
            );
        if (ifMatchRequired)
        {
            metadata.Add(new IfMatchRequiredMetadata());
        }

        return new OperationMetadata(metadata);
    }
}

/// <summary>The metadata the contract gives one operation's endpoint.</summary>
public sealed record OperationMetadata(IReadOnlyList<object> Metadata);
