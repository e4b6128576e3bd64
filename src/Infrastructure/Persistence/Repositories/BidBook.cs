using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Auction;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Ledger;
using MakCrm.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// The bid hot path in raw SQL on the unit of work's connection and transaction. A hot lot's throughput is bounded
/// by how long its row lock is held, so the lock is taken by the first of two batches (lot row lock, then the
/// bidder's ledger lock, then the reads the decision needs) and the second batch writes everything at once; the
/// commit follows. Lock order as everywhere: the lot's row first, then the ledger.
/// </summary>
internal sealed class BidBook(MakCrmDbContext db) : IBidBook
{
    private const string LockLot = """
        SELECT id, lead_id, status, start_price, min_step, starts_at, ends_at, eligible_cities, eligible_grades,
               current_price, leader_organization_id, leader_bid_id, version
        FROM lots WHERE id = @lot AND deleted_at IS NULL FOR UPDATE
        """;

    private const string LockLedger = "SELECT pg_advisory_xact_lock(hashtextextended(@ledger_key, 0))";

    private const string ReadBidder = """
        SELECT o.kind, o.city, o.grade, (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e WHERE e.organization_id = o.id)
        FROM organizations o WHERE o.id = @org
        """;

    private const string ReadStored = """
        SELECT id, lot_id, amount, placed_at, ends_at_after, request_fingerprint
        FROM bids WHERE caller = @caller AND idempotency_key = @key
        """;

    private const string InsertBid = """
        INSERT INTO bids (id, lot_id, organization_id, user_id, api_client_id, amount, placed_at, ends_at_after, bidder_number,
                          idempotency_key, caller, request_fingerprint)
        VALUES (@id, @lot, @org, @user, @client, @amount, @now, @ends_at, COALESCE(
                    (SELECT bidder_number FROM bids WHERE lot_id = @lot AND organization_id = @org LIMIT 1),
                    (SELECT COALESCE(MAX(bidder_number), 0) + 1 FROM bids WHERE lot_id = @lot)),
                @key, @caller, @fingerprint)
        """;

    private const string InsertLedgerEntry = """
        INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, bid_id, lead_id, created_by_user_id, created_at)
        VALUES (@id, @org, @kind, @amount, @lot, @bid, @lead, @user, @now)
        """;

    private const string UpdateLot = """
        UPDATE lots SET current_price = @amount, leader_organization_id = @org, leader_bid_id = @bid, bid_count = bid_count + 1,
                        ends_at = @ends_at, version = version + 1, updated_at = @now
        WHERE id = @lot AND version = @version
        """;

    public async Task<BidContext?> LockAsync(Guid lotId, Guid organizationId, string caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        await using var batch = Batch();
        batch.BatchCommands.Add(Command(LockLot, ("lot", lotId)));
        batch.BatchCommands.Add(Command(LockLedger, ("ledger_key", Ledger.LockKey(organizationId))));
        batch.BatchCommands.Add(Command(ReadBidder, ("org", organizationId)));
        if (idempotencyKey is not null)
        {
            batch.BatchCommands.Add(Command(ReadStored, ("caller", caller), ("key", idempotencyKey)));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        LotSnapshot? lot = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            lot = new LotSnapshot(
                reader.GetGuid(0),
                reader.GetGuid(1),
                SnakeCaseEnumConverter<LotStatus>.FromText(reader.GetString(2)),
                reader.GetDecimal(3),
                reader.GetDecimal(4),
                Instant(reader, 5),
                Instant(reader, 6),
                (string[])reader.GetValue(7),
                (string[])reader.GetValue(8),
                reader.GetValue(9) as decimal?,
                reader.GetValue(10) as Guid?,
                reader.GetValue(11) as Guid?,
                reader.GetInt32(12));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var bidder = new Bidder(organizationId, false, null, null, 0m);
        if (await reader.ReadAsync(cancellationToken))
        {
            bidder = new Bidder(
                organizationId,
                reader.GetString(0) == "franchisee",
                reader.GetValue(1) as string,
                reader.GetValue(2) as string,
                reader.GetDecimal(3));
        }

        StoredBid? stored = null;
        if (idempotencyKey is not null && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            stored = new StoredBid(
                new BidDto(reader.GetGuid(0), reader.GetGuid(1), reader.GetDecimal(2), Instant(reader, 3), Instant(reader, 4), false),
                reader.GetString(5));
        }

        return lot is null ? null : new BidContext(lot, bidder, stored);
    }

    public async Task AcceptAsync(AcceptedBid bid, CancellationToken cancellationToken)
    {
        var lot = bid.Lot;
        var decision = bid.Decision;
        await using var batch = Batch();
        batch.BatchCommands.Add(Command(
            InsertBid,
            ("id", bid.Id), ("lot", lot.Id), ("org", bid.OrganizationId), ("user", bid.UserId), ("client", bid.ApiClientId), ("amount", bid.Decision.Amount),
            ("now", bid.PlacedAt), ("ends_at", decision.EndsAt), ("key", bid.IdempotencyKey), ("caller", bid.Caller), ("fingerprint", bid.Fingerprint)));
        if (decision.ReleaseOrganizationId is { } released)
        {
            batch.BatchCommands.Add(LedgerEntryCommand(released, LedgerEntryKind.HoldRelease, decision.ReleaseAmount, lot, decision.ReleaseBidId, bid));
        }

        batch.BatchCommands.Add(LedgerEntryCommand(bid.OrganizationId, LedgerEntryKind.Hold, -decision.Amount, lot, bid.Id, bid));
        batch.BatchCommands.Add(Command(
            UpdateLot,
            ("amount", decision.Amount), ("org", bid.OrganizationId), ("bid", bid.Id), ("ends_at", decision.EndsAt), ("now", bid.PlacedAt), ("lot", lot.Id),
            ("version", lot.Version)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlBatchCommand LedgerEntryCommand(Guid organizationId, LedgerEntryKind kind, decimal amount, LotSnapshot lot, Guid? bidId, AcceptedBid bid) =>
        Command(
            InsertLedgerEntry,
            ("id", Guid.CreateVersion7(bid.PlacedAt)), ("org", organizationId), ("kind", SnakeCaseEnumConverter<LedgerEntryKind>.ToText(kind)), ("amount", amount),
            ("lot", lot.Id), ("bid", bidId), ("lead", lot.LeadId), ("user", bid.UserId), ("now", bid.PlacedAt));

    private static DateTimeOffset Instant(NpgsqlDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind((DateTime)reader.GetValue(ordinal), DateTimeKind.Utc));

    private NpgsqlBatch Batch()
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException("Bids are placed inside the unit of work's transaction.");
        return new NpgsqlBatch(connection, transaction);
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                null when name is "user" or "bid" => new NpgsqlParameter(name, NpgsqlDbType.Uuid) { Value = DBNull.Value },
                null => new NpgsqlParameter(name, NpgsqlDbType.Varchar) { Value = DBNull.Value },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }
}
