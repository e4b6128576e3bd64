using System.Text.Json;
using System.Text.Json.Serialization;
using MakCrm.Domain.Banks;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Pipelines;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MakCrm.Infrastructure.Persistence.Configurations;

/// <summary>Pipelines and their stages (the default pipeline is seeded), deals and their stage history.</summary>
internal sealed class PipelineConfiguration
    : IEntityTypeConfiguration<Pipeline>,
        IEntityTypeConfiguration<PipelineStage>,
        IEntityTypeConfiguration<Deal>,
        IEntityTypeConfiguration<DealStageChange>
{
    public void Configure(EntityTypeBuilder<Pipeline> builder)
    {
        builder.ToTable("pipelines");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(Pipeline.MaxNameLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder
            .HasMany<PipelineStage>("_stages")
            .WithOne()
            .HasForeignKey(s => s.PipelineId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(p => p.Stages);
        builder.Ignore(p => p.WorkingStages);
        builder.HasQueryFilter(p => p.DeletedAt == null);
        builder.HasData(SeededPipeline.Pipeline);
    }

    public void Configure(EntityTypeBuilder<PipelineStage> builder)
    {
        builder.ToTable("pipeline_stages");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(PipelineStage.MaxNameLength);
        builder.Property(s => s.Kind).HasConversion(new SnakeCaseEnumConverter<StageKind>()).HasMaxLength(16);
        builder
            .Property(s => s.Triggers)
            .HasColumnType("jsonb")
            .HasConversion(TriggersJson.Converter, TriggersJson.Comparer);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.IsSystem);
        builder.Ignore(s => s.ClosesDeals);
        builder.HasQueryFilter(s => s.DeletedAt == null);
        builder.HasIndex(s => new { s.PipelineId, s.Position }).HasFilter("deleted_at IS NULL");
        builder.ToTable(t =>
            t.HasCheckConstraint("ck_pipeline_stages_win_probability", "win_probability BETWEEN 0 AND 100")
        );
        builder.HasData(SeededPipeline.Stages);
    }

    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.ToTable("deals");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Title).HasMaxLength(Deal.MaxTitleLength);
        builder.Property(d => d.Amount).HasPrecision(14, 2);
        builder.Property(d => d.Bank).HasMaxLength(Deal.MaxBankLength);
        builder.Property(d => d.Product).HasConversion(new SnakeCaseEnumConverter<LoanProduct>()).HasMaxLength(32);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Ignore(d => d.Details);

        // The current loan issue, flat on the deal (all set together, or none while loan_issue_no is 0).
        builder.Property(d => d.LoanAmount).HasPrecision(14, 2);
        builder.Property(d => d.LoanBankCode).HasMaxLength(Bank.MaxCodeLength);
        builder.Property(d => d.LoanProduct).HasConversion(new SnakeCaseEnumConverter<LoanProduct>()).HasMaxLength(32);
        builder
            .Property(d => d.LoanCancellationReason)
            .HasConversion(new SnakeCaseEnumConverter<LoanCancellationReason>())
            .HasMaxLength(32);
        builder.Ignore(d => d.Loan);
        builder.Property(d => d.LoanFeeAmount).HasPrecision(14, 2);
        builder.Property(d => d.LoanFeeReference).HasMaxLength(LoanFee.MaxReferenceLength);
        builder
            .HasOne<Bank>()
            .WithMany()
            .HasForeignKey(d => d.LoanBankCode)
            .HasPrincipalKey(b => b.Code)
            .OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t =>
            t.HasCheckConstraint(
                "ck_deals_loan_issue",
                "(loan_issue_no = 0 AND loan_issued_on IS NULL) OR (loan_issue_no > 0 AND loan_issued_on IS NOT NULL "
                    + "AND loan_amount > 0 AND loan_bank_code IS NOT NULL AND loan_product IS NOT NULL AND "
                    + "loan_term_months > 0)"
            )
        );

        // The bank's fee for the current issue: none (revision 0), or amount and date together on an issued loan.
        builder.ToTable(t =>
            t.HasCheckConstraint(
                "ck_deals_loan_fee",
                "(loan_fee_revision = 0 AND loan_fee_amount IS NULL AND loan_fee_received_on IS NULL AND "
                    + "loan_fee_reference IS NULL) OR "
                    + "(loan_fee_revision > 0 AND loan_issue_no > 0 AND loan_fee_amount > 0 AND loan_fee_received_on "
                    + "IS NOT NULL)"
            )
        );
        builder.ToTable(t =>
            t.HasCheckConstraint(
                "ck_deals_probability",
                $"probability BETWEEN {WinProbability.Min} AND {WinProbability.Max}"
            )
        );
        builder.HasMany(d => d.History).WithOne().HasForeignKey(h => h.DealId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(d => d.History).HasField("_history");
        builder.HasQueryFilter(d => d.DeletedAt == null);
        builder
            .HasOne<Organization>()
            .WithMany()
            .HasForeignKey(d => d.OrganizationId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Client>().WithMany().HasForeignKey(d => d.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lead>().WithMany().HasForeignKey(d => d.LeadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Pipeline>().WithMany().HasForeignKey(d => d.PipelineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PipelineStage>().WithMany().HasForeignKey(d => d.StageId).OnDelete(DeleteBehavior.Restrict);
        CustomFieldColumns.Configure(builder);
        builder.HasIndex(d => new { d.CreatedAt, d.Id }).HasFilter("deleted_at IS NULL");
        builder.HasIndex(d => new { d.UpdatedAt, d.Id }).HasFilter("deleted_at IS NULL");
        // An organization's catch-up (updatedFrom, sort=updatedAt) reads its changed deals in keyset order.
        builder
            .HasIndex(d => new
            {
                d.OrganizationId,
                d.UpdatedAt,
                d.Id,
            })
            .HasFilter("deleted_at IS NULL");
        builder.HasIndex(d => new { d.Amount, d.Id }).HasFilter("deleted_at IS NULL");
        builder
            .HasIndex(d => new
            {
                d.OrganizationId,
                d.CreatedAt,
                d.Id,
            })
            .HasFilter("deleted_at IS NULL");
        builder.HasIndex(d => d.StageId).HasFilter("deleted_at IS NULL");
        builder.HasIndex(d => d.PipelineId);
        builder.HasIndex(d => d.ClientId);
        builder.HasIndex(d => d.LeadId);
        builder.HasIndex(d => d.ResponsibleUserId);
        // The list's search matches the title with ILIKE '%…%'.
        builder.HasIndex(d => d.Title, "ix_deals_title_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }

    public void Configure(EntityTypeBuilder<DealStageChange> builder)
    {
        builder.ToTable("deal_stage_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.ActorClientId).HasMaxLength(64);
        builder.HasIndex(h => new
        {
            h.DealId,
            h.At,
            h.Id,
        });
    }

    /// <summary>A stage's triggers as one JSON array, in the API's spelling.</summary>
    private static class TriggersJson
    {
        private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
        {
            Converters = { SnakeCaseNames.JsonConverter() },
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        public static ValueConverter<IReadOnlyList<StageTrigger>, string> Converter { get; } =
            new(
                triggers => JsonSerializer.Serialize(triggers, Options),
                json => JsonSerializer.Deserialize<StageTrigger[]>(json, Options) ?? Array.Empty<StageTrigger>()
            );

        public static ValueComparer<IReadOnlyList<StageTrigger>> Comparer { get; } =
            new(
                (a, b) => a!.SequenceEqual(b!),
                triggers => triggers.Aggregate(0, (hash, t) => HashCode.Combine(hash, t)),
                triggers => triggers.ToArray()
            );
    }
}
