namespace MakCrm.WebApi.Contracts;

/// <summary>
/// The shape of every error response (schema <c>Problem</c>), for the OpenAPI description. Problems are written by
/// <see cref="Http.Problems"/> as ProblemDetails with these extension members.
/// </summary>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string? Detail,
    string? Instance,
    string Code,
    string TraceId,
    IReadOnlyDictionary<string, string[]>? Errors);
