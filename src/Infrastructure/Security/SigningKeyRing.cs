using System.Buffers.Text;
using System.Security.Cryptography;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// The RSA keys that sign and verify access tokens. The newest key signs until it is older than the rotation
/// period; then a new key is made and the old one is retired, but stays available for verification (and in the
/// JWKS) until every token it signed has expired. Several API instances share the keys through the database; an
/// advisory lock makes sure only one of them creates a key at a time. Keys are cached for a minute.
/// </summary>
[Singleton]
public sealed class SigningKeyRing(
    IServiceScopeFactory scopes,
    IOptions<AccessTokenOptions> options,
    TimeProvider clock
) : IDisposable
{
    private const long RotationLockId = 0x4D414B4B45595321; // "MAKKEYS!"
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly KeyEncryption _encryption = new(options.Value.KeyEncryptionKey);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RSA> _decrypted = new(
        StringComparer.Ordinal
    );
    private Snapshot? _snapshot;

    public sealed record Key(string Kid, RSA Rsa, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

    public sealed record Snapshot(Key Signing, IReadOnlyDictionary<string, Key> Verifying, DateTimeOffset LoadedAt);

    public async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        var now = clock.GetUtcNow();
        if (snapshot is not null && now - snapshot.LoadedAt < CacheFor && !NeedsRotation(snapshot.Signing, now))
        {
            return snapshot;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } fresh && now - fresh.LoadedAt < CacheFor && !NeedsRotation(fresh.Signing, now))
            {
                return fresh;
            }

            _snapshot = await LoadAsync(cancellationToken);
            return _snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Makes a new key sign from now on (an operator's rotation, or the periodic one).</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MakCrmDbContext>();
        await CreateKeyAsync(db, force: true, cancellationToken);
        _snapshot = null;
    }

    public void Dispose()
    {
        _refresh.Dispose();
        foreach (var rsa in _decrypted.Values)
        {
            rsa.Dispose();
        }
    }

    private bool NeedsRotation(Key signing, DateTimeOffset now) =>
        now - signing.CreatedAt >= options.Value.KeyRotationPeriod;

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MakCrmDbContext>();
        var now = clock.GetUtcNow();
        var newest = await db.Set<SigningKey>()
            .AsNoTracking()
            .Where(k => k.RetiredAt == null)
            .OrderByDescending(k => k.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (newest is null || now - newest.CreatedAt >= options.Value.KeyRotationPeriod)
        {
            await CreateKeyAsync(db, force: false, cancellationToken);
        }

        // A retired key verifies for as long as a token it signed can live.
        var oldestUseful = now - options.Value.AccessTokenLifetime - options.Value.ClockSkew;
        var rows = await db.Set<SigningKey>()
            .AsNoTracking()
            .Where(k => k.RetiredAt == null || k.RetiredAt > oldestUseful)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        var keys = rows.Select(Decrypt).ToList();
        var signing = keys.First(k => k.RetiredAt is null);
        return new Snapshot(signing, keys.ToDictionary(k => k.Kid, StringComparer.Ordinal), now);
    }

    private async Task CreateKeyAsync(MakCrmDbContext db, bool force, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AdvisoryLocks.LockAsync(db.Database, RotationLockId, cancellationToken);
        var now = clock.GetUtcNow();
        var active = await db.Set<SigningKey>().Where(k => k.RetiredAt == null).ToListAsync(cancellationToken);
        if (!force && active.Any(k => now - k.CreatedAt < options.Value.KeyRotationPeriod))
        {
            return; // another instance made one meanwhile
        }

        foreach (var old in active)
        {
            old.RetiredAt = now;
        }

        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        db.Set<SigningKey>()
            .Add(
                new SigningKey
                {
                    Kid = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)),
                    EncryptedPrivateKey = _encryption.Encrypt(rsa.ExportPkcs8PrivateKey()),
                    Modulus = Base64Url.EncodeToString(parameters.Modulus),
                    Exponent = Base64Url.EncodeToString(parameters.Exponent),
                    CreatedAt = now,
                }
            );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // Each key is decrypted once per process; snapshots share the RSA objects.
    private Key Decrypt(SigningKey row)
    {
        var rsa = _decrypted.GetOrAdd(
            row.Kid,
            kid =>
            {
                var created = RSA.Create();
                created.ImportPkcs8PrivateKey(_encryption.Decrypt(row.EncryptedPrivateKey), out _);
                return created;
            }
        );
        return new Key(row.Kid, rsa, row.CreatedAt, row.RetiredAt);
    }
}
