using System.Reflection;
using MakCrm.Domain.Common;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.WebApi.Http;

/// <summary>
/// An operation's JSON request body, as a parameter of its endpoint: the endpoint names the type and gets the body,
/// read and checked. The body is read by <see cref="JsonBodyReader"/> while the endpoint binds its parameters, which is
/// after authentication, authorization and the rate limit (a caller without access gets its 401/403 whatever it sent);
/// a body that is wrong is answered with its problem before the handler runs, so a handler only ever sees a good one.
/// The parameter also describes the body in the endpoint's metadata (the OpenAPI request body): JSON, and for a PATCH
/// a JSON merge patch as well.
/// </summary>
public readonly struct Body<T> : IEndpointParameterMetadataProvider
{
    private static readonly string[] Json = ["application/json"];
    private static readonly string[] MergePatch = ["application/merge-patch+json", "application/json"];

    private readonly JsonBody<T>? _read;
    private readonly Error? _error;

    private Body(JsonBody<T>? read, Error? error)
    {
        _read = read;
        _error = error;
    }

    /// <summary>The body.</summary>
    public T Value => _read!.Value;

    /// <summary>The body with the names of the fields it carried, for a merge patch ("absent" is not "null").</summary>
    public JsonBody<T> Fields => _read!;

    /// <summary>Reads the body when the endpoint's parameters are bound; a wrong body is kept as its error.</summary>
    public static async ValueTask<Body<T>?> BindAsync(HttpContext http, ParameterInfo parameter)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var read = await JsonBodyReader.ReadAsync<T>(http.Request, options, http.RequestAborted);
        return read.IsSuccess ? new Body<T>(read.Value, null) : new Body<T>(null, read.Error);
    }

    /// <summary>
    /// Declares the request body, and puts in front of the handler the check that answers a wrong body with its problem
    /// (built once per endpoint, at start-up; only endpoints that take a body get it).
    /// </summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        var patch = builder.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Patch));
        builder.Metadata.Add(new AcceptsMetadata(patch ? MergePatch : Json, typeof(T)));

        var position = parameter.Position;
        builder.FilterFactories.Add(
            (_, next) =>
                invocation =>
                    invocation.GetArgument<Body<T>>(position)._error is { } error
                        ? ValueTask.FromResult<object?>(Problems.From(error))
                        : next(invocation)
        );
    }
}
