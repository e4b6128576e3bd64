using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Infrastructure.Documents.Generation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Documents;

internal static class DocumentServices
{
    /// <summary>The document store: its metadata repository, its limits and the storage configuration chooses.</summary>
    public static void AddDocumentStore(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DocumentOptions>(configuration.GetSection(DocumentOptions.Section));
        services.AddScoped<IDocumentRepository, DocumentRepository>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DocumentOptions>>().Value;
            return new DocumentLimits(options.MaxUploadBytes, options.AllowedContentTypes);
        });
        services.AddSingleton<IDocumentStorage>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DocumentOptions>>().Value;
            return options.Storage.Equals("S3", StringComparison.OrdinalIgnoreCase)
                ? new S3DocumentStorage(options.S3)
                : options.Storage.Equals("FileSystem", StringComparison.OrdinalIgnoreCase)
                    ? new FileSystemDocumentStorage(options.DirectoryOrDefault())
                    : throw new InvalidOperationException($"Mak:Documents:Storage must be FileSystem or S3, not {options.Storage}.");
        });

        // Generation: templates rendered to PDF by WeasyPrint or to DOCX, numbers from the counter rows.
        services.Configure<WeasyPrintOptions>(configuration.GetSection(WeasyPrintOptions.Section));
        services.AddSingleton<IPdfRenderer, WeasyPrintPdfRenderer>();
        services.AddSingleton<IDocumentRenderer, DocumentRenderer>();
        services.AddScoped<IDocumentCounters, DocumentCounters>();
        services.AddSingleton(provider => new DocumentGenerationSettings(provider.GetRequiredService<IOptions<DocumentOptions>>().Value.VatRatePercent));
    }
}
