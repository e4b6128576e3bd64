using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace MakCrm.WebApi.Http;

/// <summary>
/// The query parameters of an operation, bound with <c>[AsParameters]</c> into the type tools/WireTypes generates
/// from the contract, that carry values the binding keeps though they may be wrong (an enum's unknown spelling, see
/// <see cref="QueryEnum{TEnum}"/>). The generated <see cref="Check"/> names each wrong one as a field error; the check
/// runs in front of the handler, which only ever sees good values, and a wrong request is answered with the
/// <c>validation_failed</c> problem of all of them. A value of the wrong type never binds (ApiExceptionHandler answers
/// it); ranges and lengths are the rules of the Application's validators.
/// </summary>
public interface ICheckedQuery : IEndpointParameterMetadataProvider
{
    /// <summary>Adds a field error for every value that bound but is not valid.</summary>
    void Check(QueryErrors errors);

    /// <summary>Puts the check in front of the handler (built once per endpoint, at start-up).</summary>
    static void IEndpointParameterMetadataProvider.PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        var position = parameter.Position;
        builder.FilterFactories.Add(
            (_, next) =>
                invocation =>
                {
                    var errors = new QueryErrors();
                    ((ICheckedQuery)invocation.Arguments[position]!).Check(errors);
                    return errors.AsError() is { } invalid
                        ? ValueTask.FromResult<object?>(Problems.From(invalid))
                        : next(invocation);
                }
        );
    }
}
