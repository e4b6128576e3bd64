using System.Text.Json;
using MakCrm.Domain.BorrowerChecks;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Consents;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class BorrowerCheckConfiguration : IEntityTypeConfiguration<BorrowerCheck>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<BorrowerCheck> builder)
    {
        builder.ToTable("borrower_checks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasConversion(new SnakeCaseEnumConverter<BorrowerCheckKind>()).HasMaxLength(40);
        builder
            .Property(c => c.Provider)
            .HasConversion(new SnakeCaseEnumConverter<BorrowerCheckProvider>())
            .HasMaxLength(40);
        builder
            .Property(c => c.Status)
            .HasConversion(new SnakeCaseEnumConverter<BorrowerCheckStatus>())
            .HasMaxLength(20);
        builder
            .Property(c => c.Outcome)
            .HasConversion(new SnakeCaseEnumConverter<BorrowerCheckOutcome>())
            .HasMaxLength(20);
        builder
            .Property(c => c.Reason)
            .HasConversion(new SnakeCaseEnumConverter<BorrowerCheckUnavailableReason>())
            .HasMaxLength(20);
        builder.Property(c => c.Missing).HasColumnType("text[]").IsRequired();
        builder.Property(c => c.Detail).HasMaxLength(BorrowerCheck.MaxDetailLength);
        builder
            .Property(c => c.Matches)
            .HasColumnType("jsonb")
            .HasConversion(
                new ValueConverter<IReadOnlyList<SanctionsMatch>, string>(
                    m => JsonSerializer.Serialize(m, Json),
                    json => JsonSerializer.Deserialize<SanctionsMatch[]>(json, Json) ?? Array.Empty<SanctionsMatch>()
                ),
                new ValueComparer<IReadOnlyList<SanctionsMatch>>(
                    (a, b) => a!.SequenceEqual(b!),
                    m => m.Aggregate(0, (hash, x) => HashCode.Combine(hash, x)),
                    m => m.ToArray()
                )
            )
            .IsRequired();
        builder.Property(c => c.ListVersion).HasMaxLength(SanctionsList.MaxVersionLength);
        builder.Property(c => c.RequestHash).HasMaxLength(64).IsRequired();
        builder.Property(c => c.ProviderTask).HasMaxLength(BorrowerCheck.MaxTaskLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.Result);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(c => c.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Consent>().WithMany().HasForeignKey(c => c.ConsentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new
        {
            c.ClientId,
            c.RequestedAt,
            c.Id,
        });
        builder
            .HasIndex(c => new
            {
                c.Kind,
                c.RequestHash,
                c.CompletedAt,
            })
            .HasFilter(
                $"outcome IN ({EnumLiterals.Of(BorrowerCheckOutcome.Clear)}, "
                    + $"{EnumLiterals.Of(BorrowerCheckOutcome.Hit)})"
            );
        builder.HasIndex(c => c.NextPollAt).HasFilter($"status = {EnumLiterals.Of(BorrowerCheckStatus.Pending)}");
    }
}

internal sealed class SanctionsListConfiguration : IEntityTypeConfiguration<SanctionsList>
{
    public void Configure(EntityTypeBuilder<SanctionsList> builder)
    {
        builder.ToTable("sanctions_lists");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.ListVersion).HasMaxLength(SanctionsList.MaxVersionLength).IsRequired();
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasIndex(l => l.ListVersion).IsUnique();
        builder.HasIndex(l => l.CreatedAt);
    }
}

internal sealed class SanctionsEntryConfiguration : IEntityTypeConfiguration<SanctionsEntry>
{
    public void Configure(EntityTypeBuilder<SanctionsEntry> builder)
    {
        builder.ToTable("sanctions_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.FullName).HasMaxLength(SanctionsEntry.MaxNameLength).IsRequired();
        builder.Property(e => e.NormalizedName).HasMaxLength(SanctionsEntry.MaxNameLength).IsRequired();
        builder.HasOne<SanctionsList>().WithMany().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ListId, e.BirthDate });
    }
}

internal sealed class BorrowerCheckPolicyConfiguration : IEntityTypeConfiguration<BorrowerCheckPolicy>
{
    public void Configure(EntityTypeBuilder<BorrowerCheckPolicy> builder)
    {
        builder.ToTable("borrower_check_policies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.RequiredBeforeAuction).IsSnakeCaseEnumArray();
        builder.Property(p => p.RequiredBeforeBank).IsSnakeCaseEnumArray();
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}
