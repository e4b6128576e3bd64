namespace MakCrm.Application.Common;

public static class PageLimits
{
    public const int Default = 50;
    public const int Max = 200;
    public const int MaxSearchLength = 200;
}
