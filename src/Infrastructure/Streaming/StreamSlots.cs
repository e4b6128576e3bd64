using MakCrm.Application.Common;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.Streaming;

/// <summary>
/// The cap on open streams per caller, counted across every instance: each open stream holds a row of
/// <c>stream_slots</c>, taken under the caller's advisory lock only while fewer than the cap are held, and given back
/// when the stream ends. The instance that holds a slot renews it every heartbeat; a slot not renewed for three
/// heartbeats (its instance died) no longer counts and is cleared by the caller's next opening.
/// </summary>
[Singleton]
public sealed partial class StreamSlots(
    NpgsqlDataSource dataSource,
    IOptions<StreamOptions> options,
    TimeProvider clock,
    ILogger<StreamSlots> logger
)
{
    /// <summary>This instance, as its slots name it.</summary>
    public Guid InstanceId { get; } = Guid.CreateVersion7();

    private TimeSpan Lifetime => options.Value.HeartbeatInterval * 3;

    /// <summary>A slot for a new stream of <paramref name="caller"/>, or <c>null</c> when it holds
    /// <paramref name="limit"/> already.</summary>
    public async Task<Guid?> TryTakeAsync(string caller, int limit, CancellationToken cancellationToken)
    {
        var id = clock.NewId();
        var now = clock.UtcNowMicroseconds();
        // One batch is one implicit transaction: the caller's lock is held until the insert is decided, and the insert,
        // a statement after the lock, counts the slots committed by anyone who held it before.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(
            Command($"SELECT {AdvisoryLocks.Exclusive("'stream:' || $1")}", SqlParameters.Text(caller))
        );
        batch.BatchCommands.Add(
            Command(
                "DELETE FROM stream_slots WHERE caller = $1 AND renewed_at <= $2",
                SqlParameters.Text(caller),
                SqlParameters.Instant(now - Lifetime)
            )
        );
        batch.BatchCommands.Add(
            Command(
                """
                INSERT INTO stream_slots (id, caller, instance_id, opened_at, renewed_at)
                SELECT $1, $2, $3, $4, $4 WHERE (SELECT count(*) FROM stream_slots WHERE caller = $2) < $5
                """,
                SqlParameters.Uuid(id),
                SqlParameters.Text(caller),
                SqlParameters.Uuid(InstanceId),
                SqlParameters.Instant(now),
                SqlParameters.Integer(limit)
            )
        );
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands[2].RecordsAffected == 1 ? id : null;
    }

    /// <summary>Gives a slot back. A failure is logged, not thrown: the slot stops counting once it is not
    /// renewed.</summary>
    public async Task ReleaseAsync(Guid slot)
    {
        try
        {
            await using var delete = dataSource.CreateCommand("DELETE FROM stream_slots WHERE id = $1");
            delete.Parameters.Add(SqlParameters.Uuid(slot));
            await delete.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            ReleaseFailed(logger, ex, slot);
        }
    }

    /// <summary>Says that this instance still holds its slots.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        await using var renew = dataSource.CreateCommand(
            "UPDATE stream_slots SET renewed_at = $2 WHERE instance_id = $1"
        );
        renew.Parameters.Add(SqlParameters.Uuid(InstanceId));
        renew.Parameters.Add(SqlParameters.Instant(clock.UtcNowMicroseconds()));
        await renew.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives back every slot of this instance (it stops, and its streams with it).</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        await using var delete = dataSource.CreateCommand("DELETE FROM stream_slots WHERE instance_id = $1");
        delete.Parameters.Add(SqlParameters.Uuid(InstanceId));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The stream slot {Slot} could not be given back; it stops counting when it is no longer renewed."
    )]
    private static partial void ReleaseFailed(ILogger logger, Exception exception, Guid slot);
}

/// <summary>Renews this instance's stream slots every heartbeat, and gives them back when the instance stops.</summary>
internal sealed partial class StreamSlotRenewer(
    StreamSlots slots,
    IOptions<StreamOptions> options,
    TimeProvider clock,
    ILogger<StreamSlotRenewer> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.HeartbeatInterval, clock, stoppingToken);
                try
                {
                    await slots.RenewAsync(stoppingToken);
                }
                catch (NpgsqlException ex)
                {
                    RenewFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the streams end with the instance.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await slots.ReleaseAllAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
        {
            RenewFailed(logger, ex);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Renewing or giving back this instance's stream slots failed; the next heartbeat tries again."
    )]
    private static partial void RenewFailed(ILogger logger, Exception exception);
}
