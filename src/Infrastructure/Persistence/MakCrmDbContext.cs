using System.Text.Json;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Pipelines;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// The database. Contexts are pooled (<see cref="DependencyInjection"/>): a request takes a ready context from the pool
/// and gives it back, so the context's internal services are not built again for every request.
/// </summary>
public sealed class MakCrmDbContext(DbContextOptions<MakCrmDbContext> options)
    : IdentityDbContext<MakUser, MakRole, Guid>(options)
{
    /// <summary>
    /// The services of the request (DI scope) the context serves, through which the (singleton) interceptors reach the
    /// request's services: set when the scope takes the context from the pool, cleared when it goes back; null for a
    /// context made by hand.
    /// </summary>
    internal IServiceProvider? ScopeServices { get; set; }

    /// <summary>
    /// Set by <see cref="SaveBatchInterceptor"/> when it has detected the save's changes itself and turned automatic
    /// detection off for the rest of the save; <see cref="SaveChangesAsync(bool, CancellationToken)"/> turns it back on
    /// when the save ends, whether it succeeded, was refused or was cancelled.
    /// </summary>
    internal bool ChangesDetectedForSave { get; set; }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            if (ChangesDetectedForSave)
            {
                ChangesDetectedForSave = false;
                ChangeTracker.AutoDetectChangesEnabled = true;
            }
        }
    }

    public override void Dispose()
    {
        ScopeServices = null;
        ChangesDetectedForSave = false;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ScopeServices = null;
        ChangesDetectedForSave = false;
        return base.DisposeAsync();
    }

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationHost> OrganizationHosts => Set<OrganizationHost>();

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<ClientSource> ClientSources => Set<ClientSource>();

    public DbSet<Lead> Leads => Set<Lead>();

    public DbSet<Pipeline> Pipelines => Set<Pipeline>();

    public DbSet<PipelineStage> PipelineStages => Set<PipelineStage>();

    public DbSet<Deal> Deals => Set<Deal>();

    public DbSet<DealStageChange> DealStageHistory => Set<DealStageChange>();

    public DbSet<CrmTask> Tasks => Set<CrmTask>();

    public DbSet<Domain.Help.Ticket> Tickets => Set<Domain.Help.Ticket>();

    public DbSet<Domain.Help.TicketMessage> TicketMessages => Set<Domain.Help.TicketMessage>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    public DbSet<Domain.Ledger.LedgerEntry> LedgerEntries => Set<Domain.Ledger.LedgerEntry>();

    public DbSet<Domain.Auction.Lot> Lots => Set<Domain.Auction.Lot>();

    public DbSet<Domain.Auction.Bid> Bids => Set<Domain.Auction.Bid>();
    public DbSet<Domain.LeadReturns.LeadReturn> LeadReturns => Set<Domain.LeadReturns.LeadReturn>();

    public DbSet<LeadStatus> LeadStatuses => Set<LeadStatus>();

    public DbSet<LeadHistoryEntry> LeadHistory => Set<LeadHistoryEntry>();

    public DbSet<MakCrm.Domain.Commissions.CommissionRule> CommissionRules => Set<MakCrm.Domain.Commissions.CommissionRule>();

    public DbSet<MakCrm.Domain.Commissions.CommissionEntry> CommissionEntries => Set<MakCrm.Domain.Commissions.CommissionEntry>();

    public DbSet<LeadComment> LeadComments => Set<LeadComment>();

    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<MfaToken> MfaTokens => Set<MfaToken>();

    public DbSet<Telegram.TelegramLinkCode> TelegramLinkCodes => Set<Telegram.TelegramLinkCode>();

    public DbSet<Telegram.MessengerLink> MessengerLinks => Set<Telegram.MessengerLink>();

    public DbSet<Telegram.TelegramGroupLink> TelegramGroupLinks => Set<Telegram.TelegramGroupLink>();

    public DbSet<StreamTicket> StreamTickets => Set<StreamTicket>();

    public DbSet<MakCrm.Infrastructure.Streaming.StreamSlot> StreamSlots => Set<MakCrm.Infrastructure.Streaming.StreamSlot>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<Domain.Imports.ImportOperation> ImportOperations => Set<Domain.Imports.ImportOperation>();

    public DbSet<Imports.ImportFileChunk> ImportFileChunks => Set<Imports.ImportFileChunk>();

    public DbSet<Imports.ImportRejectedRow> ImportRejectedRows => Set<Imports.ImportRejectedRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<MakUser>().ToTable("users");
        modelBuilder.Entity<MakRole>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasDbFunction(typeof(UserDisplayNames).GetMethod(nameof(UserDisplayNames.Of))!).HasName(UserDisplayNames.Function).IsNullable(false);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MakCrmDbContext).Assembly);
        UseSnakeCaseNames(modelBuilder);
    }

    /// <summary>PostgreSQL's convention: tables, columns, keys and indexes in snake_case.</summary>
    private static void UseSnakeCaseNames(ModelBuilder modelBuilder)
    {
        static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(Snake(entity.GetTableName()!));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(Snake(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(Snake(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(Snake(foreignKey.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(Snake(index.GetDatabaseName()!));
            }
        }
    }
}
