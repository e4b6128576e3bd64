namespace MakCrm.TelegramBot.Conversations;

/// <summary>What the bot says, in Russian.</summary>
public static class Texts
{
    public const string MenuLinked = "Главное меню. Что сделаем?";
    public const string MenuUnlinked = "Здравствуйте! Это бот MaK CRM.\nЗарегистрируйтесь как партнёр или франчайзи, подключите существующий аккаунт или загляните в FAQ.";
    public const string MenuButton = "☰ Меню";
    public const string RegisterPartnerButton = "Стать партнёром";
    public const string RegisterFranchiseeButton = "Стать франчайзи";
    public const string HowToLinkButton = "Подключить аккаунт";
    public const string FaqButton = "FAQ";
    public const string NewLeadButton = "Новый лид";
    public const string MyLeadsButton = "Мои лиды";
    public const string SupportButton = "Поддержка";
    public const string LotsButton = "Аукцион";
    public const string CancelButton = "Отмена";

    public const string HowToLink =
        "Чтобы подключить аккаунт MaK CRM:\n1. Войдите в личный кабинет.\n2. Откройте «Профиль → Telegram» и нажмите «Подключить Telegram».\n" +
        "3. Перейдите по ссылке (она действует 10 минут) — бот подключит аккаунт сам.";

    public const string Linked = "Готово: аккаунт {0} ({1}) подключён к этому чату.";
    public const string LinkCodeInvalid = "Ссылка для подключения недействительна: она устарела, уже использована или скопирована не полностью. Получите новую в личном кабинете.";
    public const string LinkOnlyInTelegram = "Подключить аккаунт можно только из личного чата с ботом.";
    public const string NeedsLink = "Это доступно после подключения аккаунта MaK CRM.";

    public const string StaleButton = "Эта кнопка устарела. Вот актуальное меню.";
    public const string NotUnderstood = "Я не понял сообщение. Выберите действие кнопкой или отправьте /menu.";
    public const string OnlyText = "Я понимаю только текст и кнопки — стикеры, фото и файлы не обрабатываю.";
    public const string Help = "Команды: /menu — главное меню, /newlead — новый лид, /leads — мои лиды, /faq — частые вопросы, /cancel — прервать текущее действие.";
    public const string Cancelled = "Действие отменено.";
    public const string Unavailable = "Сервис MaK CRM сейчас недоступен. Попробуйте чуть позже.";
}
