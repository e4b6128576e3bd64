using MakCrm.Application.Transfer;
using MakCrm.Contracts;
using ImportFailure = MakCrm.Contracts.ImportFailure;

namespace MakCrm.WebApi.Wire;

/// <summary>The multipart form of <c>POST /api/v1/imports</c> (schema <c>ImportUpload</c>), for the OpenAPI
/// description.</summary>
public sealed record ImportUpload
{
    public required IFormFile File { get; init; }

    public required Domain.Imports.ImportKind Kind { get; init; }

    public string? Source { get; init; }
}
