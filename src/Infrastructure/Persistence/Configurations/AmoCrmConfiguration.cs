using MakCrm.Infrastructure.AmoCrm;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MakCrm.Infrastructure.Persistence.Configurations;

internal sealed class AmoCrmRateSlotConfiguration : IEntityTypeConfiguration<AmoCrmRateSlotRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmRateSlotRow> builder)
    {
        builder.ToTable("amocrm_rate_slots");
        builder.HasKey(s => s.AccountId);
        builder.Property(s => s.AccountId).ValueGeneratedNever();
    }
}

internal sealed class AmoCrmConnectionConfiguration : IEntityTypeConfiguration<AmoCrmConnectionRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmConnectionRow> builder)
    {
        builder.ToTable("amocrm_connections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.BaseUrl).HasMaxLength(500);
        builder.Property(c => c.AuthKind).HasMaxLength(20);
        builder.Property(c => c.State).HasMaxLength(20);
        builder.Property(c => c.StateReason).HasMaxLength(500);
        builder.Property(c => c.ClientId).HasMaxLength(200);
        builder.Property(c => c.RedirectUri).HasMaxLength(500);
        builder.HasIndex(c => c.AccountId);
    }
}

internal sealed class AmoCrmOAuthStateConfiguration : IEntityTypeConfiguration<AmoCrmOAuthStateRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmOAuthStateRow> builder)
    {
        builder.ToTable("amocrm_oauth_states");
        builder.HasKey(s => s.StateHash);
        builder.Property(s => s.StateHash).HasMaxLength(64);
        builder.Property(s => s.BaseUrl).HasMaxLength(500);
        builder.Property(s => s.ClientId).HasMaxLength(200);
        builder.Property(s => s.RedirectUri).HasMaxLength(500);
    }
}

internal sealed class AmoCrmMappingConfiguration : IEntityTypeConfiguration<AmoCrmMappingRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmMappingRow> builder)
    {
        builder.ToTable("amocrm_mappings");
        builder.HasKey(m => m.AccountId);
        builder.Property(m => m.AccountId).ValueGeneratedNever();
        builder.Property(m => m.Mapping).HasColumnType("jsonb");
    }
}

internal sealed class AmoCrmImportConfiguration : IEntityTypeConfiguration<AmoCrmImportRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmImportRow> builder)
    {
        builder.ToTable("amocrm_imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Status).HasMaxLength(20);
        builder.Property(i => i.LeaseOwner).HasMaxLength(200);
        builder.Property(i => i.FailureCode).HasMaxLength(100);
        builder.Property(i => i.FailureDetail).HasMaxLength(2000);
        // One unfinished import per account, across every instance.
        builder
            .HasIndex(i => i.AccountId)
            .IsUnique()
            .HasFilter($"status IN ({AmoCrmImportSql.Unfinished})")
            .HasDatabaseName("ux_amocrm_imports_account_unfinished");
        builder.HasIndex(i => new { i.AccountId, i.CreatedAt });
        builder.HasIndex(i => new { i.Status, i.LeaseExpiresAt });
    }
}

internal sealed class AmoCrmImportCheckpointConfiguration : IEntityTypeConfiguration<AmoCrmImportCheckpointRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmImportCheckpointRow> builder)
    {
        builder.ToTable("amocrm_import_checkpoints");
        builder.HasKey(c => new { c.ImportId, c.Entity });
        builder.Property(c => c.Entity).HasMaxLength(20);
        builder.HasOne<AmoCrmImportRow>().WithMany().HasForeignKey(c => c.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AmoCrmLinkConfiguration : IEntityTypeConfiguration<AmoCrmLinkRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmLinkRow> builder)
    {
        builder.ToTable("amocrm_links");
        builder.HasKey(l => new
        {
            l.AccountId,
            l.Entity,
            l.AmoId,
        });
        builder.Property(l => l.Entity).HasMaxLength(20);
        builder.Property(l => l.Synced).HasColumnType("jsonb");
        builder.Property(l => l.PushFailure).HasMaxLength(1000);
        builder.HasIndex(l => l.MakId);
        // Built concurrently by the migration that adds it: the links have rows and the import writes them.
        builder.HasIndex(l => new { l.AccountId, l.PushDueAt }).HasFilter("push_due_at IS NOT NULL");
        // The sync's failures, newest first; built concurrently by the migration that adds it.
        builder.HasIndex(l => l.PushFailureId).IsUnique().HasFilter("push_failure_id IS NOT NULL");
    }
}

internal sealed class AmoCrmDeadLetterConfiguration : IEntityTypeConfiguration<AmoCrmDeadLetterRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmDeadLetterRow> builder)
    {
        builder.ToTable("amocrm_dead_letters");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Entity).HasMaxLength(20);
        builder.Property(d => d.Field).HasMaxLength(200);
        builder.Property(d => d.Code).HasMaxLength(100);
        builder.Property(d => d.Detail).HasMaxLength(2000);
        builder
            .HasIndex(d => new
            {
                d.ImportId,
                d.Entity,
                d.AmoId,
            })
            .IsUnique();
        builder.HasOne<AmoCrmImportRow>().WithMany().HasForeignKey(d => d.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AmoCrmSyncConfiguration : IEntityTypeConfiguration<AmoCrmSyncRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmSyncRow> builder)
    {
        builder.ToTable("amocrm_syncs");
        builder.HasKey(s => s.AccountId);
        builder.Property(s => s.AccountId).ValueGeneratedNever();
        builder.Property(s => s.WebhookSecretHash).HasMaxLength(64);
        builder.Property(s => s.State).HasMaxLength(20);
        builder.Property(s => s.Directions).HasColumnType("jsonb");
        builder.Property(s => s.LastReconciliation).HasColumnType("jsonb");
        builder.HasIndex(s => s.WebhookSecretHash).IsUnique();
    }
}

internal sealed class AmoCrmInboxConfiguration : IEntityTypeConfiguration<AmoCrmInboxRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmInboxRow> builder)
    {
        builder.ToTable("amocrm_inbox");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.LeaseOwner).HasMaxLength(200);
        builder.Property(i => i.Failure).HasMaxLength(2000);
        builder.HasIndex(i => new { i.AccountId, i.ReceivedAt }).HasFilter("processed_at IS NULL");
        builder.HasIndex(i => i.ProcessedAt).HasFilter("processed_at IS NOT NULL");
    }
}

internal sealed class AmoCrmConflictConfiguration : IEntityTypeConfiguration<AmoCrmConflictRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmConflictRow> builder)
    {
        builder.ToTable("amocrm_conflicts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Entity).HasMaxLength(20);
        builder.Property(c => c.Field).HasMaxLength(50);
        builder.Property(c => c.MakValue).HasMaxLength(500);
        builder.Property(c => c.AmoValue).HasMaxLength(500);
        builder.Property(c => c.Direction).HasMaxLength(20);
        builder.Property(c => c.Winner).HasMaxLength(20);
        builder.Property(c => c.Reason).HasMaxLength(30);
        builder.HasIndex(c => new { c.AccountId, c.Id });
    }
}

internal sealed class AmoCrmLeadCreateConfiguration : IEntityTypeConfiguration<AmoCrmLeadCreateRow>
{
    public void Configure(EntityTypeBuilder<AmoCrmLeadCreateRow> builder)
    {
        builder.ToTable("amocrm_lead_creates");
        builder.HasKey(c => new { c.AccountId, c.LeadId });
        builder.Property(c => c.PushFailure).HasMaxLength(1000);
        builder.HasIndex(c => new { c.AccountId, c.PushDueAt }).HasFilter("push_due_at IS NOT NULL");
        builder.HasIndex(c => c.PushFailureId).IsUnique().HasFilter("push_failure_id IS NOT NULL");
    }
}
