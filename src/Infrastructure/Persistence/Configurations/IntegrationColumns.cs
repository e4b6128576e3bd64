using System.Text.Json;
using MakCrm.Domain.Common;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>
/// The columns of <see cref="IntegrationData"/> on a table (leads, clients): the external reference and its owner as
/// text, unique per organization and owner among live rows; the attribution and the metadata as jsonb documents.
/// </summary>
internal static class IntegrationColumns
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private static readonly ValueConverter<Attribution?, string?> AttributionJson = new(
        a => a == null ? null : JsonSerializer.Serialize(a, Options),
        json => json == null ? null : JsonSerializer.Deserialize<Attribution>(json, Options)
    );

    private static readonly ValueConverter<IReadOnlyDictionary<string, string>, string> MetadataJson = new(
        m => JsonSerializer.Serialize(m, Options),
        json =>
            JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? new Dictionary<string, string>()
    );

    // The snapshot is a copy made by a constructor: a nested lambda (ToDictionary's selectors) in the compiled
    // expression would be made into a delegate again on every snapshot, and every tracked lead and client takes one.
    private static readonly ValueComparer<IReadOnlyDictionary<string, string>> MetadataComparer = new(
        (a, b) => IntegrationMetadata.Same(a!, b!),
        m => m.Count,
        m => new Dictionary<string, string>(m)
    );

    public static void Configure<T>(EntityTypeBuilder<T> builder)
        where T : AggregateRoot
    {
        builder.Property<string?>("ExternalRef").HasMaxLength(ExternalReference.MaxLength);
        builder.Property<string?>("ExternalRefOwner").HasMaxLength(300);
        builder.Property<Attribution?>("Attribution").HasColumnType("jsonb").HasConversion(AttributionJson);
        builder
            .Property<IReadOnlyDictionary<string, string>>("Metadata")
            .HasColumnType("jsonb")
            .HasConversion(MetadataJson, MetadataComparer)
            .HasDefaultValueSql("'{}'::jsonb");
        builder
            .HasIndex("OrganizationId", "ExternalRefOwner", "ExternalRef")
            .IsUnique()
            .HasFilter("external_ref IS NOT NULL AND deleted_at IS NULL");
    }
}
