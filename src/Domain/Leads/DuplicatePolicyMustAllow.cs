using MakCrm.Domain.Clients;

namespace MakCrm.Domain.Leads;

/// <summary>A source with the reject policy refuses a lead that repeats an open one; the problem names the existing
/// lead.</summary>
public sealed class DuplicatePolicyMustAllow(DuplicatePolicy policy, DuplicateMatch? match) : IBusinessRule
{
    public bool IsBroken() => policy == DuplicatePolicy.Reject && match is not null;

    public Error Error =>
        new(
            ErrorCodes.DuplicateLead,
            $"An open lead with the same {string.Join(" and ", match!.MatchedBy.Select(f => f.ToWire()))} already "
                + $"exists: {match.OriginalLeadId}. This source does not accept duplicates.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?>
            {
                ["existingLeadId"] = match.OriginalLeadId,
                ["matchedBy"] = match.MatchedBy.Select(f => f.ToWire()).ToArray(),
            }
        );
}
