using MakCrm.Domain.Common;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>
/// The custom fields' values of a table (clients, leads, deals): one jsonb object, <c>{}</c> by default (so the raw
/// writers that leave it out write none), with a GIN index (<c>jsonb_path_ops</c>) over the live rows that answers
/// the lists' containment filters (<c>custom_fields @&gt; '{"key": value}'</c>) for any key; built concurrently,
/// since the tables have data.
/// </summary>
internal static class CustomFieldColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> builder)
        where T : AggregateRoot
    {
        builder.Property<string>("CustomFields").HasColumnType("jsonb").HasDefaultValue("{}").IsRequired();
        builder
            .HasIndex("CustomFields")
            .HasMethod("gin")
            .HasOperators("jsonb_path_ops")
            .IsCreatedConcurrently()
            .HasFilter("deleted_at IS NULL");
    }
}
