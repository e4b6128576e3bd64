namespace MakCrm.TelegramBot.Conversations;

/// <summary>What the bot says, in Russian.</summary>
public static class Texts
{
    public const string MenuLinked = "Главное меню. Что сделаем?";
    public const string MenuUnlinked =
        "Здравствуйте! Это бот MaK CRM.\nЗарегистрируйтесь как партнёр или франчайзи, подключите существующий "
        + "аккаунт или загляните в FAQ.";
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

    /// <summary>How to link, for the messenger named by {0} (Telegram, WhatsApp).</summary>
    public const string HowToLink =
        "Чтобы подключить аккаунт MaK CRM:\n1. Войдите в личный кабинет.\n2. Откройте «Профиль → {0}» и нажмите "
        + "«Подключить {0}».\n"
        + "3. Перейдите по ссылке (она действует 10 минут) и отправьте боту сообщение с кодом — бот подключит "
        + "аккаунт сам.";

    public const string Linked = "Готово: аккаунт {0} ({1}) подключён к этому чату.";
    public const string LinkCodeInvalid =
        "Ссылка для подключения недействительна: она устарела, уже использована или скопирована не полностью. "
        + "Получите новую в личном кабинете.";
    public const string LinkOnlyInPrivateChat = "Подключить аккаунт можно только из личного чата с ботом.";
    public const string NeedsLink = "Это доступно после подключения аккаунта MaK CRM.";

    public const string StaleButton = "Эта кнопка устарела. Вот актуальное меню.";

    // WhatsApp shows more than three choices, or long labels, as a list behind a button.
    public const string ChooseButton = "Выбрать";
    public const string ChooseBelow = "Выберите действие:";
    public const string MoreChoices = "Ещё варианты:";
    public const string NotUnderstood = "Я не понял сообщение. Выберите действие кнопкой или отправьте /menu.";
    public const string OnlyText = "Я понимаю только текст и кнопки — стикеры, фото и файлы не обрабатываю.";
    // The Russian texts below are wrapped at 120 bytes, which csharpier (counting characters) would undo.
    // csharpier-ignore-start
    public const string HelpUnlinked =
        "Команды: /menu — главное меню, /faq — частые вопросы, /search — "
        + "поиск по базе знаний, /cancel — прервать текущее "
        + "действие.\nПодключите аккаунт MaK CRM (кнопка «Подключить "
        + "аккаунт» в меню), чтобы работать с лидами (/newlead — новый "
        + "лид, /leads — мои лиды), обращениями в поддержку (/support) и "
        + "аукционом (/lots, для франчайзи).";
    public const string HelpTitle = "Что я умею для вашего аккаунта:";
    public const string HelpMenu = "/menu — главное меню";
    public const string HelpNewLead = "/newlead — новый лид (с проверкой на дубли)";
    public const string HelpLeads =
        "/leads — мои лиды, их статусы и история, комментарии";
    public const string HelpKnowledge =
        "/faq — частые вопросы, /search — поиск по базе знаний";
    public const string HelpSupport =
        "/support — обращение в поддержку, /tickets — мои обращения";
    public const string HelpLots = "/lots — аукцион лидов: открытые лоты и ставки";
    public const string HelpGroups =
        "Уведомления организации в группу: добавьте бота в "
        + "группу команды и отправьте туда код группы из личного "
        + "кабинета; лиды без ответственного приходят с кнопкой "
        + "«Взять в работу»";
    public const string HelpCancel = "/cancel — прервать текущее действие";
    public const string HelpTimeZone =
        "/timezone — часовой пояс, в котором я пишу время";

    /// <summary>The chat's zone, {0}.</summary>
    public const string AskTimeZone =
        "Время в сообщениях сейчас по {0}. Выберите свой часовой "
        + "пояс:";

    /// <summary>The chosen zone, {0}.</summary>
    public const string TimeZoneSet = "Готово: время в сообщениях теперь по {0}.";
    // csharpier-ignore-end
    public const string Cancelled = "Действие отменено.";
    public const string Unavailable = "Сервис MaK CRM сейчас недоступен. Попробуйте чуть позже.";

    public const string OpenLeadButton = "Открыть лид";
    public const string ContinueButton = "Всё равно создать";
    public const string ConsentButton = "✅ Согласие получено, отправить";
    // csharpier-ignore-start
    public const string ConsentWithCreditHistoryButton =
        "✅ Также на запрос кредитной истории, отправить";
    // csharpier-ignore-end
    public const string SkipButton = "Пропустить";
    public const string NextPageButton = "Дальше ▶";
    public const string AddCommentButton = "💬 Комментарий";

    public const string AskLeadName = "Новый лид. Введите ФИО клиента:";
    public const string LeadNameInvalid = "ФИО должно содержать от 2 до 200 символов. Введите ещё раз:";
    public const string AskLeadPhone = "Телефон клиента (например, +7 999 123-45-67):";
    public const string PhoneInvalid = "Телефон не принят:";
    public const string NoDuplicate = "Проверка на дубли: открытых лидов с этим телефоном нет.";
    public const string DuplicateFound = "⚠️ Проверка на дубли: с этим телефоном уже есть открытые лиды:";
    public const string DuplicateLine = "• от {0}, статус: {1}";
    public const string DuplicateElsewhere = "• и лид в другой организации (подробности скрыты).";
    public const string DuplicateExplained =
        "Новый лид с этим телефоном будет помечен как дубль самого раннего из них. Создать всё равно?";
    public const string AskLeadAmount = "Сумма кредита в рублях (или «-», чтобы пропустить):";
    public const string AmountInvalid = "Не понял сумму. Введите число, например 3500000, или «-»:";
    public const string AskLeadProduct = "Продукт:";
    public const string AskLeadComment = "Комментарий к лиду (или «-»):";
    public const string LeadSummary = "Проверьте лид:";
    public const string AskConsent =
        "Клиент дал согласие на обработку персональных данных? "
        + "Если он согласился и на запрос кредитной истории "
        + "(действует 6 месяцев), отметьте это второй кнопкой.";
    public const string LeadCreated = "Лид создан: {0}. Статус: {1}.";
    public const string LeadMarkedDuplicate = "Он помечен как дубль уже существующего лида.";
    public const string LeadRefused = "CRM не приняла лид:";
    public const string TryAgain = "Исправьте и отправьте ещё раз:";
    public const string YourLeads = "Ваши лиды (новые сверху):";
    public const string NoLeads = "У вас пока нет лидов.";
    public const string NoMoreLeads = "Больше лидов нет.";
    public const string LeadCardTitle = "Лид: {0}, {1}";
    public const string LeadCardTitleNoClient = "Лид от {0}";
    public const string LeadCardStatus = "Статус: {0}";
    public const string LeadCardAmount = "Сумма: {0:#,0} ₽";
    public const string LeadCardProduct = "Продукт: ";
    public const string LeadCardHistory = "История:";
    public const string AskComment = "Введите комментарий к лиду:";
    public const string CommentAdded = "Комментарий добавлен.";
    public const string CommentRefused = "Комментарий не принят:";
    public const string NotFoundOrForbidden = "Этот лид не найден или недоступен вашему аккаунту.";

    public const string AskCompany = "Регистрация. Название компании (или ваше имя для ИП и самозанятых):";
    public const string AskLegalForm = "Организационно-правовая форма:";
    public const string AskInn = "ИНН (10 цифр для ООО, 12 — для ИП и самозанятых):";
    public const string AskCity = "Город:";
    public const string AskNiche = "Ниша (чем занимаетесь, например «недвижимость», «автосалон»):";
    public const string AskFullName = "Ваши ФИО:";
    public const string AskContactPhone = "Контактный телефон:";
    public const string AskContactEmail = "E-mail (он будет логином в личном кабинете):";
    public const string TooLong = "Ответ должен быть от 1 до 200 символов. Попробуйте ещё раз:";
    public const string RegistrationRefused = "Заявка не принята:";
    public const string Registered =
        "Заявка на регистрацию отправлена. После проверки головным офисом на {0} придёт письмо. Пароль задайте на "
        + "сайте через «Забыли пароль», затем подключите аккаунт к боту.";
    public const string FaqTitle = "Частые вопросы:";
    public const string FaqEmpty = "Раздел FAQ пока пуст.";
    public const string FaqUnavailable = "FAQ сейчас недоступен в боте — загляните в раздел «Помощь» личного кабинета.";

    public const string FaqSections = "Частые вопросы — выберите раздел:";
    public const string FaqOtherSection = "Другое";
    public const string SearchButton = "🔎 Поиск";
    public const string AskSearch = "Что ищем? Напишите вопрос или несколько слов:";
    public const string SearchRefused = "Запрос не принят:";
    public const string SearchResults = "Нашлось:";
    public const string NothingFound = "Ничего не нашлось. Попробуйте другие слова или загляните в FAQ.";
    public const string KnowledgeNotFound = "Этот материал не найден или недоступен.";
    public const string ArticleCut = "(полный текст — в разделе «База знаний» личного кабинета)";

    public const string SupportMenu = "Поддержка MaK CRM. Создайте обращение или посмотрите свои:";
    public const string NewTicketButton = "✉️ Новое обращение";
    public const string MyTicketsButton = "Мои обращения";
    public const string OpenTicketButton = "Открыть обращение";
    public const string ReplyTicketButton = "💬 Ответить";
    public const string SendTicketButton = "✅ Отправить";
    public const string AskTicketSubject = "Новое обращение. Тема (коротко, о чём вопрос):";
    public const string AskTicketCategory = "Категория обращения:";
    public const string AskTicketText = "Опишите вопрос или проблему:";
    public const string TicketSummary = "Проверьте обращение:";
    public const string TicketRefused = "Обращение не принято:";

    /// <summary>The ticket's subject {0}, the messenger {1}.</summary>
    public const string TicketCreated =
        "Обращение «{0}» отправлено. Ответ поддержки придёт сюда, если уведомления в {1} включены.";
    public const string YourTickets = "Ваши обращения:";
    public const string NoTickets = "У вас пока нет обращений.";
    public const string NoMoreTickets = "Больше обращений нет.";
    public const string NoAnswerYet = "Поддержка ещё не ответила.";
    public const string LastAnswer = "Последний ответ поддержки";
    public const string AskTicketReply = "Введите сообщение для поддержки:";
    public const string TicketReplied = "Сообщение отправлено в обращение.";
    public const string TicketReplyRefused = "Сообщение не принято:";
    public const string TicketNotFound = "Это обращение не найдено или недоступно вашему аккаунту.";
    public const string SupportForbidden = "Обращения в поддержку недоступны вашему аккаунту.";

    public const string OpenLots = "Открытые лоты (ближайшие к окончанию сверху):";
    public const string NoLots = "Сейчас открытых лотов нет.";
    public const string NoMoreLots = "Больше лотов нет.";
    public const string LotTitle = "Лот №{0}";
    public const string LotNotFound = "Лот не найден или недоступен.";
    public const string AuctionForbidden = "Аукцион доступен только франчайзи.";
    public const string YouLead = "🏆 Ваша ставка лидирует.";
    public const string YouAreOutbid = "⚠️ Вашу ставку перебили.";
    public const string BidButton = "Ставка {0}";
    public const string BidOtherButton = "Другая сумма";
    public const string RefreshButton = "🔄 Обновить";
    public const string OpenLotButton = "Открыть лот";
    public const string AskBidAmount = "Введите сумму ставки в рублях:";
    public const string ConfirmBid = "Ставка {0} на лот №{1} — подтвердить?";
    public const string ConfirmBidButton = "✅ Подтвердить ставку";
    // csharpier-ignore-start
    public const string BidPlaced =
        "Ставка {0} на лот №{1} принята. Вы лидируете. Окончание "
        + "торгов: {2}.";
    // csharpier-ignore-end
    public const string BidTooLow = "Ставка не принята: она ниже минимальной. Сейчас минимум — {0}.";
    public const string LotNotStarted = "Ставка не принята: торги по лоту ещё не начались.";
    public const string LotEnded = "Ставка не принята: торги по лоту уже завершены.";
    public const string LotNotEligible = "Ставка не принята: лот доступен франчайзи других городов или грейдов.";
    public const string InsufficientBalance =
        "Ставка не принята: на балансе недостаточно средств (доступно {0}). Пополните баланс в личном кабинете.";
    public const string BidRefused = "Ставка не принята:";

    // csharpier-ignore-start
    public const string GroupWelcome =
        "Здравствуйте! Я бот MaK CRM. Чтобы эта группа получала "
        + "уведомления организации (новые лиды, смена статусов, "
        + "итоги аукциона), владелец организации получает код "
        + "группы в личном кабинете и отправляет его сюда.";
    public const string GroupHelp =
        "В этой группе я присылаю уведомления организации: новые "
        + "лиды, смену статусов, итоги аукциона. Код группы из "
        + "личного кабинета подключает группу, /settings — какие "
        + "уведомления присылать. Лид без ответственного можно "
        + "взять кнопкой под уведомлением. Остальное — в личном "
        + "чате со мной.";
    public const string GroupUntitled = "Группа";
    public const string GroupCodeInvalid =
        "Код группы недействителен: он устарел, уже использован "
        + "или скопирован не полностью. Владелец организации может "
        + "получить новый в личном кабинете.";
    public const string GroupLinked =
        "Готово: группа подключена к организации в MaK CRM.";
    public const string GroupNotLinked =
        "Группа ещё не подключена. Отправьте сюда код группы из "
        + "личного кабинета.";
    public const string GroupTopics =
        "Уведомления в этой группе (нажмите, чтобы выключить или "
        + "включить):";
    public const string GroupTopicLeads = "Новые лиды";
    public const string GroupTopicStatuses = "Смена статусов";
    public const string GroupTopicAuction = "Итоги аукциона";
    public const string GroupSettingsNeedLink =
        "Настройки группы меняет владелец организации. Сначала "
        + "подключите свой аккаунт в личном чате с ботом.";
    public const string GroupSettingsOwnerOnly =
        "Настройки группы меняет только владелец организации.";
    public const string GroupTakeNeedsLink =
        "Чтобы взять лид, подключите свой аккаунт MaK CRM в личном "
        + "чате с ботом.";

    public const string TakeLeadButton = "🙋 Взять в работу";
    public const string LeadWord = "Лид";

    /// <summary>Who took the lead {0}, the lead {1}.</summary>
    public const string LeadTaken = "✅ {0} взял(а) в работу лид «{1}».";

    /// <summary>Who has the lead, {0}.</summary>
    public const string LeadAlreadyTaken = "Этот лид уже взял(а) в работу {0}.";
    public const string LeadAlreadyYours = "Вы уже ответственный по этому лиду.";
    public const string LeadChangedTryAgain =
        "Лид только что изменили. Нажмите кнопку ещё раз.";
    // csharpier-ignore-end
}
