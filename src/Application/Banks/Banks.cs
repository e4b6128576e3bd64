using MakCrm.Domain.Banks;

namespace MakCrm.Application.Banks;

public sealed record BankDto(
    Guid Id,
    string Code,
    string Name,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned
{
    public static BankDto From(Bank bank) =>
        new(bank.Id, bank.Code, bank.Name, bank.Active, bank.CreatedAt, bank.UpdatedAt, bank.Version);
}

/// <summary>Every bank, active or not: whoever records loans picks from it.</summary>
public sealed record ListBanksQuery : IQuery<IReadOnlyList<BankDto>>;

internal sealed class ListBanksHandler(IBankRepository banks) : IQueryHandler<ListBanksQuery, IReadOnlyList<BankDto>>
{
    public async Task<Result<IReadOnlyList<BankDto>>> Handle(
        ListBanksQuery query,
        CancellationToken cancellationToken
    ) => Result<IReadOnlyList<BankDto>>.Success(await banks.ListAsync(cancellationToken));
}

/// <summary>Adds a bank; the code is its stable identifier, so a second creation with it is a 409 (creation is
/// naturally idempotent).</summary>
public sealed record CreateBankCommand(string Code, string Name, bool? Active) : ICommand<BankDto>;

internal sealed class CreateBankValidator : AbstractValidator<CreateBankCommand>
{
    public CreateBankValidator()
    {
        RuleFor(c => c.Code)
            .Must(Bank.IsValidCode)
            .WithMessage(
                $"Must be 1 to {Bank.MaxCodeLength} characters of lower-case Latin letters, digits and _, starting "
                    + $"with a letter, e.g. sberbank."
            );
        RuleFor(c => c.Name).RequiredText(Bank.MaxNameLength);
    }
}

internal sealed class CreateBankHandler(IBankRepository banks, TimeProvider clock)
    : ICommandHandler<CreateBankCommand, BankDto>
{
    public async Task<Result<BankDto>> Handle(CreateBankCommand command, CancellationToken cancellationToken)
    {
        if (await banks.ExistsAsync(command.Code, activeOnly: false, cancellationToken))
        {
            return new Error(
                ErrorCodes.BankExists,
                $"There is already a bank with the code {command.Code}; change it with PATCH.",
                ErrorKind.Conflict
            );
        }

        var bank = Bank.Create(
            clock.NewId(),
            command.Code,
            command.Name,
            command.Active ?? true,
            clock.UtcNowMicroseconds()
        );
        banks.Add(bank);
        return BankDto.From(bank);
    }
}

/// <summary>A JSON merge patch of a bank: rename it or (de)activate it; the code never changes.</summary>
public sealed record UpdateBankCommand(string Code, VersionCheck IfMatch, Patch<string> Name, Patch<bool> Active)
    : ICommand<BankDto>;

internal sealed class UpdateBankValidator : AbstractValidator<UpdateBankCommand>
{
    public UpdateBankValidator()
    {
        When(
            c => c.Name.IsPresent,
            () => RuleFor(c => (string?)c.Name.Value).RequiredText(Bank.MaxNameLength).OverridePropertyName("name")
        );
    }
}

internal sealed class UpdateBankHandler(IBankRepository banks, TimeProvider clock)
    : ICommandHandler<UpdateBankCommand, BankDto>
{
    public async Task<Result<BankDto>> Handle(UpdateBankCommand command, CancellationToken cancellationToken)
    {
        var bank = await banks.FindAsync(command.Code, cancellationToken);
        if (bank is null)
        {
            return new Error(ErrorCodes.NotFound, $"Bank {command.Code} was not found.", ErrorKind.NotFound);
        }

        var precondition = command.IfMatch.Require(bank.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        bank.Update(command.Name.Or(bank.Name), command.Active.Or(bank.Active), clock.UtcNowMicroseconds());
        return BankDto.From(bank);
    }
}
