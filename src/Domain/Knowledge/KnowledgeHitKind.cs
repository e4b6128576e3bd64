namespace MakCrm.Domain.Knowledge;

/// <summary>What a knowledge-base search hit is: an article or a FAQ entry.</summary>
public enum KnowledgeHitKind
{
    Article,
    Faq,
}
