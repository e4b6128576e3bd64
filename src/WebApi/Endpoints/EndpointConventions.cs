using MakCrm.Contracts;
using MakCrm.WebApi.OpenApi;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.Metadata;

namespace MakCrm.WebApi.Endpoints;

internal static class EndpointConventions
{
    /// <summary>Declares the problem responses an operation can give, with the <c>Problem</c> schema.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.Produces<Problem>(status, ProblemJsonWriter.ContentType);
        }

        return builder;
    }

    /// <summary>Limits an anonymous operation (token, registration) per client address (RateLimits.Address).</summary>
    public static RouteHandlerBuilder RateLimitedPerAddress(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(RateLimitedMetadata.PerAddress);

    /// <summary>The operation answers 200 with a file, CSV, XLSX or PDF.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder) =>
        builder.Produces(
            StatusCodes.Status200OK,
            typeof(Stream),
            ExportEndpoints.CsvType,
            ExportEndpoints.XlsxType,
            Application.Documents.ContentSniffer.Pdf
        );

    /// <summary>The list's <c>sort</c> is one of the catalog's values (the runtime document lists them).</summary>
    public static RouteHandlerBuilder SortedBy(this RouteHandlerBuilder builder, ISortCatalog catalog) =>
        builder.WithMetadata(new SortCatalogMetadata(catalog));
}
