extension HistoryGenerator {
    /// The chain's fixed catalogue, independent of the seed: the category tree with its products,
    /// the products the bundled promo set names (promos/*.promo: their SKU numbers, categories,
    /// brands and flags), and the stores with the formats, regions, cities and groups those promos
    /// name. Kept as text tables, read once per run.
    enum CatalogueData {
        /// One category a line: `path|noun|low-high|demand|assortment|brands|flags|variants`.
        /// `low-high` is the price range in roubles (per kilogram for weighed goods); `demand`
        /// weighs how often the category is bought; `assortment` weighs how many products it has;
        /// `brands` names a brand pool (`-`: no brand); flags: `w` weighed, `xN` excise goods with
        /// the legal minimum price N roubles; `variants`, separated by `;`, follow the noun in names.
        static let categories = """
        Food/Dairy/Milk|Молоко|55-140|420|160|dairy||2,5% 1 л;3,2% 1 л;1,5% 0,9 л;ультрапастеризованное 1 л;топлёное 0,95 л;безлактозное 1 л
        Food/Dairy/Kefir|Кефир|60-130|260|90|dairy||1% 900 г;2,5% 900 г;3,2% 450 г
        Food/Dairy/Yogurt|Йогурт|35-140|300|180|dairy||питьевой 270 г;греческий 140 г;клубника 125 г;персик 125 г;натуральный 350 г
        Food/Dairy/Cheese|Сыр|600-1900|180|120|dairy|w|российский;гауда;маасдам;пармезан;брынза;сулугуни
        Food/Dairy/Butter|Масло сливочное|150-390|200|60|dairy||82,5% 180 г;72,5% 200 г;крестьянское 400 г
        Food/Dairy/Sour cream|Сметана|70-190|180|60|dairy||15% 300 г;20% 400 г;25% 200 г
        Food/Dairy/Cottage cheese|Творог|90-260|160|80|dairy||5% 200 г;9% 350 г;обезжиренный 180 г
        Food/Dairy/Cream|Сливки|90-260|60|40|dairy||10% 500 мл;20% 200 мл;33% 250 мл
        Food/Dairy/Desserts|Десерт творожный|30-120|120|90|dairy||ваниль;шоколад;карамель
        Food/Dairy/Eggs|Яйца|90-190|260|40|dairy||С1 10 шт;С0 10 шт;перепелиные 20 шт
        Food/Cheese/Packed|Сыр в нарезке|120-420|150|120|dairy||150 г;200 г;сливочный 150 г
        Food/Cheese/Weighed|Сыр весовой|500-2200|110|80|dairy|w|гауда;эдам;бри;камамбер
        Food/Bakery|Выпечка|30-190|120|40|bakery||пирожок;ватрушка;слойка
        Food/Bakery/Bread|Хлеб|35-120|520|90|bakery||белый 400 г;бородинский 350 г;цельнозерновой 300 г;батон 400 г
        Food/Bakery/Buns|Булочка|15-70|160|50|bakery||с маком;с изюмом;сдобная
        Food/Bakery/Croissants|Круассан|45-120|110|30|bakery||классический;шоколадный;миндальный
        Food/Bakery/Pies|Пирог|190-590|60|40|bakery||с капустой;с вишней;с мясом
        Food/Bakery/Cakes|Кекс|90-390|60|40|bakery||с изюмом;шоколадный;лимонный
        Food/Fruit/Apples|Яблоки|89-249|260|25|-|w|Гала;Голден;Гренни Смит;Фуджи;Симиренко
        Food/Fruit/Bananas|Бананы|79-149|330|8|-|w|Эквадор;мини
        Food/Fruit/Citrus|Апельсины|99-299|190|20|-|w|Марокко;Египет;мандарины;лимоны;грейпфрут
        Food/Fruit/Berries|Ягоды|149-599|90|25|-||клубника 250 г;голубика 125 г;малина 125 г
        Food/Fruit/Exotic|Фрукты экзотические|149-699|50|30|-|w|манго;ананас;киви;авокадо
        Food/Vegetables/Potatoes|Картофель|29-89|260|12|-|w|молодой;мытый;красный
        Food/Vegetables/Tomatoes|Томаты|149-449|240|20|-|w|сливовидные;черри;розовые
        Food/Vegetables/Cucumbers|Огурцы|99-349|230|12|-|w|гладкие;короткоплодные
        Food/Vegetables/Onions|Лук|29-99|150|8|-|w|репчатый;красный;порей
        Food/Vegetables/Carrots|Морковь|35-99|150|6|-|w|мытая;молодая
        Food/Vegetables/Cabbage|Капуста|25-149|110|10|-|w|белокочанная;пекинская;брокколи;цветная
        Food/Vegetables/Peppers|Перец сладкий|199-499|90|8|-|w|красный;жёлтый;зелёный
        Food/Vegetables/Greens|Зелень|39-129|140|20|-||укроп 50 г;петрушка 50 г;салат айсберг;руккола 125 г
        Food/Meat/Beef|Говядина|599-1490|110|40|meat|w|вырезка;лопатка;фарш
        Food/Meat/Pork|Свинина|349-799|150|40|meat|w|шея;корейка;лопатка
        Food/Meat/Chicken|Курица|199-599|260|50|meat|w|филе;бедро;голень;крылья;тушка
        Food/Meat/Minced|Фарш|199-599|120|30|meat||домашний 400 г;говяжий 400 г;куриный 450 г
        Food/Meat/Sausages|Колбаса|150-990|260|260|meat||докторская 400 г;сервелат 350 г;салями 250 г;сосиски 450 г
        Food/Meat/Ham|Ветчина|499-1290|80|40|meat|w|варёная;копчёная
        Food/Fish/Salmon|Сёмга|1490-2990|60|15|fish|w|филе;стейк;слабосолёная
        Food/Fish/Herring|Сельдь|249-599|50|15|fish|w|слабосолёная;пряного посола
        Food/Fish/Frozen|Рыба мороженая|199-899|70|60|fish||минтай 1 кг;хек 800 г;треска филе 500 г
        Food/Fish/Canned|Консервы рыбные|79-349|90|80|fish||шпроты 160 г;сайра 250 г;тунец 185 г
        Food/Fish/Seafood|Морепродукты|299-1490|40|40|fish||креветки 500 г;мидии 450 г;кальмар 1 кг
        Food/Frozen/IceCream|Мороженое|45-390|170|160|dairy||пломбир 80 г;эскимо 70 г;рожок 100 г;ведёрко 450 г
        Food/Frozen/Dumplings|Пельмени|149-599|150|120|meat||классические 800 г;говяжьи 500 г;вареники 900 г
        Food/Frozen/Vegetables|Овощи замороженные|89-299|70|60|grocery||смесь 400 г;горошек 400 г;брокколи 400 г
        Food/Frozen/Pizza|Пицца замороженная|199-499|60|50|grocery||маргарита 400 г;пепперони 380 г
        Food/Grocery|Бакалея|59-499|140|120|grocery||в ассортименте;классика;эконом
        Food/Grocery/Porridge|Каша быстрого приготовления|39-149|80|60|grocery||овсяная 40 г;пшённая 40 г;мультизлаковая 240 г
        Food/Grocery/Pasta|Макароны|49-199|220|200|grocery||спагетти 450 г;перья 400 г;рожки 900 г
        Food/Grocery/Rice|Рис|69-249|150|80|grocery||круглозёрный 900 г;басмати 500 г;жасмин 800 г
        Food/Grocery/Buckwheat|Гречка|69-199|160|50|grocery||ядрица 900 г;в пакетиках 400 г
        Food/Grocery/Oil|Масло подсолнечное|99-349|170|80|grocery||рафинированное 1 л;нерафинированное 0,9 л;оливковое 500 мл
        Food/Grocery/Canned|Консервы|59-249|150|200|grocery||горошек 400 г;кукуруза 340 г;фасоль 400 г;томаты 720 г
        Food/Grocery/Sauces|Соус|49-249|200|220|grocery||майонез 400 г;кетчуп 350 г;горчица 170 г;соевый 250 мл
        Food/Grocery/Spices|Специи|29-149|70|160|grocery||перец чёрный 20 г;паприка 15 г;лавровый лист 10 г
        Food/Snacks|Снеки|29-199|240|240|grocery||чипсы 140 г;сухарики 100 г;попкорн 90 г
        Food/Snacks/Nuts|Орехи|149-599|80|80|grocery||миндаль 150 г;кешью 150 г;фисташки 100 г
        Food/Snacks/Crackers|Крекеры|49-149|70|60|grocery||солёные 180 г;с сыром 150 г
        Food/Confectionery|Кондитерские изделия|59-890|90|80|sweets||ассорти;подарочный набор
        Food/Confectionery/Chocolate|Шоколад|69-349|320|300|sweets||молочный 90 г;горький 70% 90 г;с орехами 200 г
        Food/Confectionery/Candies|Конфеты|149-690|150|220|sweets||ассорти 200 г;весовые 250 г;батончики 50 г
        Food/Confectionery/Cookies|Печенье|49-249|190|200|sweets||овсяное 300 г;сахарное 250 г;сэндвич 180 г
        Food/Confectionery/Marshmallow|Зефир|99-299|70|60|sweets||ванильный 250 г;в шоколаде 300 г
        Food/Deli|Кулинария|149-599|110|80|bakery||оливье 250 г;винегрет 250 г;котлеты 300 г
        Food/Deli/Salads|Салат весовой|399-899|70|30|bakery|w|цезарь;греческий;мимоза
        Food/Burgers|Бургер|169-349|50|12|bakery||классический;чизбургер;с курицей
        Food/Fries|Картофель фри|89-169|40|6|bakery||стандарт;большой
        Food/Baby food|Пюре детское|39-149|60|60|baby||яблоко 90 г;груша 90 г;мясное 100 г
        Drinks/Water|Вода|24-99|300|100|drinks||негазированная 0,5 л;газированная 1,5 л;минеральная 0,5 л;детская 5 л
        Drinks/Soda|Газированный напиток|59-179|230|150|drinks||кола 1,5 л;лимонад 0,5 л;тархун 1 л
        Drinks/Juice|Сок|69-249|200|220|drinks||апельсиновый 1 л;яблочный 1 л;томатный 1 л;нектар 0,95 л;0,3 л
        Drinks/Soft|Напиток безалкогольный|79-349|80|80|drinks||морс 1 л;квас 1,5 л;холодный чай 0,5 л
        Drinks/Energy|Энергетический напиток|79-149|90|40|drinks||0,45 л;0,25 л
        Drinks/Coffee|Кофе|120-420|160|60|coffee||капучино 0,3 л;латте 0,4 л;американо 0,3 л;капсулы 10 шт
        Drinks/Coffee/Instant|Кофе растворимый|199-899|110|80|coffee||95 г;190 г;сублимированный 75 г
        Drinks/Coffee/Ground|Кофе молотый|249-990|80|60|coffee||250 г;500 г
        Drinks/Coffee/Beans|Кофе в зёрнах|990-2990|60|50|coffee|w|арабика;эспрессо-смесь;робуста
        Drinks/Tea|Чай|79-499|90|120|coffee||чёрный 25 пак.;зелёный 100 г;травяной 20 пак.
        Drinks/Wine|Вино|299-2990|160|300|alcohol|x300|красное сухое 0,75 л;белое полусладкое 0,75 л;розовое 0,75 л;игристое 0,75 л
        Drinks/Sparkling|Вино игристое|349-3990|60|80|alcohol|x300|брют 0,75 л;полусладкое 0,75 л
        Drinks/Beer|Пиво|69-299|220|200|alcohol|x70|светлое 0,45 л;тёмное 0,5 л;пшеничное 0,5 л
        Drinks/Vodka|Водка|349-1490|110|80|alcohol|x349|0,5 л;0,7 л;1 л
        Drinks/Whisky|Виски|999-5990|40|70|alcohol|x699|0,5 л;0,7 л
        Drinks/Cognac|Коньяк|699-3990|40|60|alcohol|x599|3 года 0,5 л;5 лет 0,5 л
        Drinks/Liqueur|Настойка|349-1490|30|40|alcohol|x349|0,5 л;0,7 л
        Alcohol/Wine|Вино столовое|299-1290|40|60|alcohol|x299|красное 0,75 л;белое 0,75 л
        Tobacco|Табачные изделия|149-399|40|20|tobacco||стандарт
        Tobacco/Cigarettes|Сигареты|179-329|130|80|tobacco||компакт;суперслим;классические
        Tobacco/Cigarillos|Сигариллы|249-599|10|20|tobacco||с фильтром;вишня
        Tobacco/Lighters|Зажигалка|29-199|30|20|tobacco||кремниевая;пьезо
        Grocery/Tea|Чай|59-499|90|120|coffee||чёрный 100 пак.;зелёный 25 пак.;листовой 200 г
        Grocery/Coffee beans|Кофе в зёрнах|599-1990|40|40|coffee||250 г;1 кг
        Grocery/Coffee/Beans|Кофе зерновой|249-1490|40|30|coffee||250 г;500 г
        Grocery/CoffeeBeans|Кофе в зёрнах|799-2490|30|30|coffee||1 кг;500 г
        Grocery/CoffeeGround|Кофе молотый|299-799|40|30|coffee||250 г;для турки 200 г
        Grocery/Cereals|Крупа|59-549|120|80|grocery||пшено 800 г;перловка 900 г;булгур 500 г;гречка 5 кг
        Grocery/Sugar|Сахар|69-899|140|20|grocery||песок 1 кг;рафинад 500 г;тростниковый 900 г
        Grocery/Flour|Мука|69-349|80|20|grocery||пшеничная 2 кг;ржаная 1 кг;блинная 1 кг
        Grocery/Honey|Мёд|299-890|30|30|grocery||цветочный 500 г;гречишный 250 г;алтайский 500 г
        Grocery/Breakfast|Хлопья|99-349|90|80|grocery||кукурузные 250 г;мюсли 400 г;гранола 300 г
        Бакалея/Чай|Чай|99-690|50|60|coffee||в пакетиках 100 шт;подарочный
        Бакалея/Чай/Чёрный|Чай чёрный|119-599|50|50|coffee||цейлонский 100 г;ассам 25 пак.
        Бакалея/Чай/Зелёный|Чай зелёный|149-2490|30|40|coffee|w|сенча;молочный улун;жасминовый
        Бакалея/Чай/Травяной|Чай травяной|99-399|20|30|coffee||мята 20 пак.;ромашка 20 пак.
        Tea/Black|Чай чёрный|149-499|30|30|coffee||100 пак.;листовой 200 г
        Tea/Green|Чай зелёный|149-449|20|20|coffee||25 пак.;100 г
        Bakery/Bread|Хлеб пекарни|35-149|160|30|-||багет;чиабатта;деревенский;социальный
        Bakery/Pastry|Выпечка пекарни|49-149|100|30|-||круассан;синнабон;слойка
        Bakery/Cookies|Печенье развесное|299-690|40|20|-|w|овсяное;песочное;курабье
        Confectionery/Cakes|Торт|390-1490|40|40|sweets||«Праздничный»;«Наполеон»;«Медовик»;«Прага»
        Confectionery/National|Восточные сладости|199-590|20|30|sweets||чак-чак 500 г;пахлава 300 г;халва 350 г
        Dairy/Farm|Фермерская молочная продукция|99-290|40|30|dairy||молоко 1 л;сметана 300 г;творог 300 г
        Dairy/Social|Молочная продукция эконом|45-99|40|20|dairy||молоко 2,5%;кефир 1%
        Deli/Caviar|Икра|690-3990|10|20|fish||красная 140 г;щучья 110 г
        Deli/Cheese|Сыр деликатесный|490-1990|20|40|dairy||пармезан 200 г;дор блю 100 г;бри 125 г
        Deli/Meat|Мясные деликатесы|299-990|20|30|meat||хамон 100 г;бастурма 80 г;прошутто 70 г
        Fish/Chilled|Рыба охлаждённая|490-1990|30|20|fish|w|сёмга;форель;дорадо;сибас
        Fruit/Grapes|Виноград|199-499|50|8|-|w|белый;розовый;кишмиш
        Fruit/Pears|Груши|149-349|40|6|-|w|конференция;пакхам
        Ready/Hot|Горячее блюдо|169-449|50|30|bakery||плов;лазанья;гуляш;котлета с пюре
        Ready/Salads|Салат готовый|129-349|40|30|bakery||оливье;цезарь;винегрет
        Cafe/Coffee|Кофе с собой|120-290|40|12|coffee||капучино;латте;раф
        Cafe/Bakery|Десерт кафе|99-290|20|12|bakery||чизкейк;эклер;маффин
        Household|Хозтовары|49-499|60|60|household||универсальные;для дома
        Household/Cleaning|Чистящее средство|69-699|160|220|household||для кухни 500 мл;для ванной 750 мл;универсальное 1 л
        Household/Cleaning/Sponges|Губки|29-149|60|30|household||5 шт;10 шт;для посуды 3 шт
        Household/Paper|Бумажная продукция|59-499|170|100|household||туалетная бумага 8 рул.;салфетки 100 шт
        Household/Paper/Towels|Бумажные полотенца|79-299|80|30|household||2 рул.;4 рул.
        Household/Bags|Пакет|1-199|120|20|household||майка;фасовочный;для мусора 30 шт
        Household/Dishes|Посуда|99-2990|30|80|home||тарелка;салатник;набор
        Household/Kitchen|Кухонные принадлежности|99-1990|30|80|home||лопатка;тёрка;контейнер
        Household/Laundry|Средство для стирки|199-1490|110|120|household||порошок 3 кг;гель 1,5 л;капсулы 30 шт
        Household/Dishwashing|Средство для посуды|69-399|100|60|household||гель 500 мл;таблетки 30 шт
        Householdware/Cups|Стакан|49-299|20|30|home||стеклянный;пластиковый
        Посуда/Кружки|Кружка|149-690|20|40|home||фарфоровая 350 мл;керамическая 400 мл
        Посуда/Тарелки|Тарелка|99-490|15|40|home||обеденная;десертная;глубокая
        Home/Textile|Домашний текстиль|199-2990|30|120|home||плед;подушка;скатерть
        Home/Textile/Towels|Полотенце|149-1290|20|60|home||махровое 50×90;банное 70×140
        Home/Textile/Linen|Постельное бельё|990-4990|10|60|home||1,5-спальное;2-спальное;евро
        Home/Decor|Декор|99-1990|15|100|home||свеча;ваза;рамка
        Home/Gifts|Подарок|299-2990|10|60|home||подарочный набор;сувенир
        Home/Kitchen|Товары для кухни|89-1990|30|120|home||набор ножей;доска разделочная;контейнер
        Home/Kitchen/Kettles|Чайник|690-3990|8|30|home||эмалированный 2 л;со свистком 2,5 л
        Home/Kitchen/Knives|Нож|290-2490|8|40|home||поварской;универсальный;для хлеба
        Home/Kitchen/Lids|Крышка|190-690|5|15|home||24 см;26 см;28 см
        Home/Kitchen/Pans|Сковорода|590-3990|10|50|home||24 см;26 см;28 см;гриль
        Home/Kitchen/Pots|Кастрюля|690-4990|8|40|home||2 л;3 л;5 л
        Home/Kitchen/Textile|Кухонное полотенце|49-390|10|30|home||вафельное;набор 3 шт
        Home/Appliances|Мелкая бытовая техника|490-9990|10|60|electronics||миксер;тостер;весы кухонные
        Home/Appliances/Coffee|Кофеварка|2490-14990|3|20|electronics||капельная;рожковая
        Home/Appliances/Kettles|Электрочайник|990-4990|6|30|electronics||1,7 л;стеклянный 1,5 л
        Home/Household/Cleaning|Уборочный инвентарь|149-1490|20|40|household||швабра;ведро;щётка
        Appliances/Blenders|Блендер|1990-9990|4|20|electronics||погружной;стационарный
        Appliances/Coffee machines|Кофемашина|14990-59990|2|20|electronics||автоматическая;капсульная
        Appliances/Kettles|Чайник электрический|1490-5990|5|20|electronics||1,7 л;с термостатом
        Appliances/Irons|Утюг|1490-7990|3|20|electronics||с паром;дорожный
        Electronics/Accessories|Аксессуары|199-2990|30|80|electronics||кабель USB-C;зарядное устройство;чехол
        Electronics/Batteries|Батарейки|99-690|60|30|electronics||AA 4 шт;AAA 4 шт
        Electronics/Headphones|Наушники|490-7990|8|40|electronics||вкладыши;беспроводные
        Electronics/TV|Телевизор|14990-89990|1|20|electronics||32";43";55"
        Electronics/Vacuum|Пылесос|4990-29990|2|20|electronics||с мешком;беспроводной;робот
        Furniture/Chairs|Стул|1990-9990|1|20|home||кухонный;офисный
        Furniture/Sofas|Диван|19990-69990|1|12|home||угловой;прямой
        Furniture/Tables|Стол|3990-19990|1|12|home||обеденный;журнальный
        Garden/Fertilizer|Удобрение|149-490|10|20|garden|w|универсальное;для томатов
        Garden/Hoses|Шланг|590-2490|4|12|garden||15 м;25 м
        Garden/Pots|Горшок|99-690|8|30|garden||керамический;пластиковый
        Garden/Seeds|Семена|19-99|15|80|garden||томаты;огурцы;цветы
        Garden/Tools|Садовый инструмент|290-2490|4|30|garden||секатор;лопата;грабли
        Stationery/Bags|Рюкзак школьный|1490-4990|3|20|stationery||ортопедический;лёгкий
        Stationery/Cases|Пенал|149-690|4|20|stationery||на молнии;с наполнением
        Stationery/Notebooks|Тетрадь|19-149|25|40|stationery||12 л.;48 л.;96 л.
        Stationery/Pens|Ручка|19-149|20|40|stationery||гелевая;шариковая;набор 4 шт
        Stationery/Paper|Бумага|199-590|5|15|stationery||A4 500 л.;цветная
        Baby/Diapers|Подгузники|690-2990|40|60|baby||3 (4–9 кг);4 (7–18 кг);трусики 5
        Baby/Food|Детское питание|199-1290|30|60|baby||смесь 350 г;каша 200 г
        Baby/Wipes|Салфетки влажные|99-690|40|30|baby||72 шт;3×72 шт
        Pets/Cats|Товары для кошек|99-990|20|40|pets||когтеточка;миска;игрушка
        Pets/Cats/Food|Корм для кошек|29-1490|110|120|pets||влажный 85 г;сухой 400 г;сухой 1,5 кг
        Pets/Cats/Litter|Наполнитель|199-990|40|30|pets||комкующийся 5 кг;силикагель 3,8 л
        Pets/Dogs|Товары для собак|149-1490|15|30|pets||поводок;игрушка;миска
        Pets/Dogs/Food|Корм для собак|49-2490|80|100|pets||влажный 100 г;сухой 2 кг;сухой 10 кг
        Pets/Treats|Лакомство для животных|69-299|30|40|pets||для собак;для кошек
        Beauty/Skincare|Уход за кожей|199-1990|30|80|beauty||крем для лица;сыворотка;маска
        Cosmetics/Face|Косметика для лица|299-2490|20|60|beauty||тональный крем;пудра;румяна
        Cosmetics/Lips|Косметика для губ|199-990|15|40|beauty||бальзам;блеск
        Cosmetics/Accessories|Косметичка|199-990|3|10|beauty||малая;дорожная
        Красота/Волосы/Шампуни|Шампунь|149-690|110|120|beauty||для всех типов 400 мл;от перхоти 250 мл;для окрашенных 300 мл
        Красота/Волосы/Бальзамы|Бальзам для волос|149-590|60|80|beauty||восстанавливающий 400 мл;увлажняющий 200 мл
        Красота/Макияж|Косметика декоративная|199-1490|15|30|beauty||набор;палетка
        Красота/Макияж/Карандаши|Карандаш для глаз|199-590|10|30|beauty||чёрный;коричневый
        Красота/Макияж/Подводка|Подводка|249-690|8|20|beauty||жидкая;фломастер
        Красота/Макияж/Помады|Помада|299-990|15|40|beauty||матовая;глянцевая
        Красота/Макияж/Тушь|Тушь для ресниц|299-1290|15|30|beauty||объём;удлинение
        Красота/Солнце/Защита|Солнцезащитный крем|399-1290|12|30|beauty||SPF 30;SPF 50;детский SPF 50
        Красота/Солнце/После загара|Средство после загара|349-990|5|15|beauty||лосьон;спрей
        Красота/Гигиена/Зубные пасты|Зубная паста|79-390|110|80|beauty||отбеливающая 75 мл;для чувствительных зубов 100 мл
        Красота/Гигиена/Мыло|Мыло|39-249|100|80|beauty||жидкое 300 мл;туалетное 90 г
        Красота/Гигиена/Дезодоранты|Дезодорант|149-490|70|80|beauty||спрей 150 мл;шариковый 50 мл
        Красота/Гигиена/Гели для душа|Гель для душа|129-490|90|100|beauty||250 мл;500 мл
        Food/Dairy/Ryazhenka|Ряженка|55-120|80|30|dairy||4% 450 г;2,5% 900 г
        Food/Dairy/Processed cheese|Сыр плавленый|49-199|70|50|dairy||ломтики 150 г;колбасный 300 г;сливочный 90 г
        Food/Dairy/Milkshakes|Коктейль молочный|59-129|60|40|dairy||шоколадный 200 мл;клубничный 450 мл
        Food/Meat/Turkey|Индейка|349-899|80|30|meat|w|филе;голень;фарш
        Food/Meat/Lamb|Баранина|799-1690|20|15|meat|w|корейка;лопатка
        Food/Meat/Semi-finished|Полуфабрикаты мясные|199-599|80|60|meat||котлеты 400 г;наггетсы 300 г;шашлык 1 кг
        Food/Fish/Smoked|Рыба копчёная|299-1290|40|40|fish||скумбрия х/к;горбуша г/к
        Food/Frozen/Cutlets|Котлеты замороженные|199-449|50|40|meat||куриные 600 г;по-киевски 450 г
        Food/Frozen/Berries|Ягоды замороженные|149-399|30|20|grocery||смородина 300 г;вишня 400 г
        Food/Grocery/Salt|Соль|19-99|60|15|grocery||поваренная 1 кг;морская 500 г
        Food/Grocery/Baking|Всё для выпечки|29-249|40|60|grocery||дрожжи 11 г;разрыхлитель 10 г;ванилин 2 г
        Food/Grocery/Jam|Варенье|149-449|40|50|grocery||клубничное 350 г;малиновое 360 г
        Food/Grocery/Noodles|Лапша быстрого приготовления|25-119|120|60|grocery||курица 90 г;говядина 90 г;в стакане 65 г
        Food/Grocery/Legumes|Бобовые|69-199|40|30|grocery||горох 800 г;чечевица 450 г;нут 500 г
        Food/Vegetables/Mushrooms|Шампиньоны|149-399|80|12|-||400 г;нарезанные 250 г
        Food/Vegetables/Garlic|Чеснок|199-499|60|5|-|w|молодой;импортный
        Food/Vegetables/Beets|Свёкла|39-99|60|4|-|w|столовая;молодая
        Food/Vegetables/Zucchini|Кабачки|89-249|50|5|-|w|цукини;молодые
        Food/Fruit/Stone fruit|Персики|199-549|60|12|-|w|персики;нектарины;сливы;абрикосы
        Food/Fruit/Melons|Арбуз|29-149|40|6|-|w|арбуз;дыня торпеда
        Food/Fruit/Dried|Сухофрукты|149-499|30|30|grocery||курага 200 г;чернослив 250 г;финики 500 г
        Food/Snacks/Seeds|Семечки|49-149|70|20|grocery||жареные 200 г;тыквенные 100 г
        Food/Snacks/Dried fish|Рыбные снеки|99-299|40|30|fish||кальмар 36 г;вобла 100 г
        Food/Confectionery/Gingerbread|Пряники|79-249|50|40|sweets||мятные 350 г;тульский 140 г
        Food/Confectionery/Wafers|Вафли|59-199|70|60|sweets||сливочные 200 г;шоколадные 225 г
        Food/Confectionery/Bars|Шоколадный батончик|39-99|150|60|sweets||55 г;мини 150 г
        Food/Bakery/Lavash|Лаваш|39-99|50|12|bakery||армянский 200 г;тортилья 250 г
        Food/Bakery/Sushki|Сушки|59-149|40|20|bakery||с маком 200 г;ванильные 300 г
        Drinks/Kvass|Квас|69-149|60|20|drinks||хлебный 1,5 л;окрошечный 1 л
        Drinks/Kids|Напиток детский|39-99|40|30|drinks||сок 0,2 л;морс 0,2 л
        Drinks/Cider|Сидр|149-390|30|30|alcohol|x90|яблочный 0,5 л;грушевый 0,45 л
        Drinks/Rum|Ром|899-2990|10|20|alcohol|x599|тёмный 0,7 л;белый 0,5 л
        Drinks/Gin|Джин|899-2990|10|20|alcohol|x599|0,5 л;0,7 л
        Drinks/Alcohol-free beer|Пиво безалкогольное|79-149|20|20|drinks||светлое 0,45 л;пшеничное 0,5 л
        Household/Air fresheners|Освежитель воздуха|99-449|30|40|household||цитрус 300 мл;лаванда 300 мл
        Household/Insects|Средство от насекомых|149-599|10|20|household||фумигатор;спрей 150 мл
        Household/Foil|Фольга и плёнка|79-299|30|20|household||фольга 10 м;плёнка 30 м;рукав для запекания
        Красота/Гигиена/Бритьё|Средства для бритья|149-1490|40|60|beauty||станок;кассеты 4 шт;пена 200 мл
        Красота/Гигиена/Женская гигиена|Средства гигиены|99-449|60|50|beauty||прокладки 10 шт;тампоны 16 шт
        Красота/Волосы/Краска|Краска для волос|199-690|20|60|beauty||каштан;блонд;чёрный
        Красота/Уход/Кремы для рук|Крем для рук|79-390|30|40|beauty||питательный 75 мл;увлажняющий 50 мл
        Красота/Уход/Кремы для тела|Крем для тела|199-790|20|40|beauty||лосьон 250 мл;молочко 200 мл
        Baby/Toys|Игрушка детская|199-1990|10|60|baby||погремушка;пирамидка;кубики
        Baby/Care|Детская косметика|149-590|20|40|baby||крем 100 мл;шампунь 200 мл
        Pets/Birds/Food|Корм для птиц|69-299|10|15|pets||для попугаев 500 г;для канареек 500 г
        Electronics/Light bulbs|Лампа светодиодная|99-490|30|30|electronics||E27 10 Вт;E14 7 Вт
        Electronics/Phones|Смартфон|6990-39990|1|20|electronics||64 ГБ;128 ГБ
        Home/Storage|Хранение|199-1990|10|40|home||коробка;органайзер;вешалки 5 шт
        Home/Bathroom|Товары для ванной|99-1490|10|40|home||коврик;шторка;мыльница
        Home/Lighting|Светильник|490-4990|3|20|home||настольный;ночник
        Auto/Oil|Моторное масло|490-3990|5|20|auto||5W-30 4 л;5W-40 1 л
        Auto/Washer fluid|Стеклоомыватель|149-499|15|10|auto||зимний −25 4 л;летний 5 л
        Auto/Accessories|Автоаксессуары|99-1990|5|30|auto||ароматизатор;щётка;держатель
        Books/Magazines|Журнал|69-299|20|40|books||телепрограмма;кроссворды;кулинария
        Books/Children|Книга детская|199-990|10|60|books||сказки;раскраска;энциклопедия
        Toys/Construction|Конструктор|490-4990|5|40|toys||малый;средний;большой
        Toys/Dolls|Кукла|390-2990|5|30|toys||классическая;с аксессуарами
        Toys/Games|Настольная игра|390-2490|5|30|toys||семейная;для детей
        Sport/Fitness|Товары для фитнеса|290-2990|3|30|sport||коврик;эспандер;гантели 2 кг
        Sport/Bottles|Бутылка спортивная|199-790|3|15|sport||0,5 л;0,75 л
        Garden/Charcoal|Уголь древесный|149-490|15|10|garden||3 кг;розжиг 500 мл
        Seasonal/New Year|Новогодние товары|99-2990|8|60|home||гирлянда;ёлочный шар;мишура
        Seasonal/Easter|Пасхальные товары|49-490|4|20|home||кулич 500 г;краситель для яиц
        Health/Vitamins|Витамины|199-1290|20|50|health||витамин C;мультивитамины;омега-3
        Health/Masks|Маска медицинская|49-299|10|10|health||10 шт;50 шт
        Health/Plasters|Пластырь|49-199|10|15|health||бактерицидный 20 шт;рулон
        Flowers/Bouquets|Букет|499-2990|10|20|flowers||розы;тюльпаны;хризантемы
        Flowers/Potted|Растение в горшке|299-1490|5|20|flowers||орхидея;фикус;кактус
        """

        /// The products the promo set names, one a line: `sku|category|name|price|flags|brand`.
        /// An empty name is made like the category's other products; flags: `w` weighed, `xN`
        /// excise with the minimum price N roubles, `mN` a minimum price N roubles without excise.
        static let namedProducts = """
        1001|Food/Dairy/Milk||79.90||
        1002|Food/Dairy/Milk||79.90||
        1042|Food/Dairy/Milk||100.00||
        1077|Food/Dairy/Milk|Молоко фермерское 3,5% 1 л|200.00||Premium Farm
        2001|Food/Burgers|Бургер классический|189.00||
        2101|Food/Fries|Картофель фри стандарт|99.00||
        2201|Drinks/Soda|Кола 0,5 л|79.00||
        3001|Food/Dairy/Yogurt||45.00||
        3002|Food/Dairy/Yogurt||49.00||
        5001|Household/Cleaning||249.90||
        5002|Household/Paper||159.90||
        5003|Food/Fruit/Apples|Яблоки Гала|149.90|w|
        7001|Drinks/Wine||700.00|x300|
        8001|Drinks/Coffee|Капучино 0,3 л|150.00||
        9001|Household/Kitchen|Набор контейнеров|1499.00||
        10001|Home/Textile||1490.00||
        10002|Home/Kitchen||990.00||
        10003|Home/Decor||700.00||
        10010|Home/Kitchen||599.00||
        10011|Home/Kitchen||349.99||
        10012|Home/Textile||199.99||
        10013|Food/Grocery||369.90||
        10020|Household/Cleaning||399.00||
        10021|Household/Paper/Towels||129.90||
        10022|Home/Textile||999.00||
        10023|Household||199.00||
        10024|Household/Cleaning/Sponges|Губка для посуды|12.30||
        10025|Household/Cleaning/Sponges|Губка меламиновая|12.30||
        10026|Household/Cleaning/Sponges|Губка для ванной|12.30||
        10027|Household/Cleaning/Sponges|Губка металлическая|12.30||
        10028|Home/Household/Cleaning||299.00||
        10029|Householdware/Cups||149.00||
        10100|Home/Kitchen/Pans|Сковорода Chef Line 26 см|1290.00||Chef Line
        10101|Home/Kitchen/Lids|Крышка Chef Line 26 см|490.00||Chef Line
        10102|Home/Kitchen/Pots|Кастрюля Chef Line 3 л|1990.00||Chef Line
        10103|Home/Kitchen/Textile|Прихватка Chef Line|79.00||Chef Line
        10110|Home/Kitchen/Pans||990.00||
        10200|Food/Cheese/Weighed|Сыр гауда весовой|899.90|w|
        10201|Food/Cheese/Weighed|Сыр маасдам весовой|1200.00|w|
        10202|Food/Cheese/Packed||189.90||
        10203|Food/Cheese/Packed||99.90||
        10210|Food/Cheese/Packed||189.90||
        10300|Food/Fruit/Apples|Яблоки Голден|149.90|w|
        10301|Food/Fruit/Apples|Яблоки Гренни Смит|129.90|w|
        10400|Home/Kitchen/Kettles||2499.00||
        10401|Home/Textile||399.00||
        10402|Home/Kitchen/Knives||1290.00||
        10403|Food/Fish/Salmon|Сёмга филе охлаждённое|1999.00|w|
        10500|Food/Dairy/Cheese|Сыр российский весовой|899.90|w|
        10501|Food/Grocery||100.00||
        10901|Drinks/Wine||1500.00|x300|
        10902|Tobacco/Cigarettes||250.00||
        11001|Food/Dairy/Yogurt||55.00||
        11002|Food/Dairy/Yogurt||75.00||
        11003|Food/Dairy/Yogurt||62.00||
        11004|Food/Dairy/Yogurt||49.00||
        11005|Food/Dairy/Yogurt||50.00||
        11006|Food/Dairy/Yogurt||50.00||
        11007|Food/Dairy/Yogurt|Йогурт домашний развесной|129.90|w|
        11101|Food/Fries|Картофель фри большой|99.00||
        11111|Drinks/Soda||79.00||
        11112|Drinks/Soda||119.00||
        11201|Food/Grocery/Porridge|Каша овсяная быстрого приготовления|89.00||
        11202|Food/Grocery/Porridge|Каша пшённая быстрого приготовления|79.00||
        11203|Food/Grocery/Porridge|Каша мультизлаковая быстрого приготовления|85.00||
        11211|Food/Bakery/Croissants|Круассан классический|59.00||
        11212|Food/Bakery/Croissants|Круассан шоколадный|65.00||
        11213|Food/Bakery/Croissants|Круассан миндальный|57.00||
        11221|Drinks/Juice|Сок апельсиновый 0,3 л|79.00||
        11222|Drinks/Juice|Сок яблочный 0,3 л|71.00||
        11301|Красота/Волосы/Шампуни||249.00||
        11302|Красота/Волосы/Шампуни||299.00||
        11303|Красота/Волосы/Шампуни||399.00||
        11311|Красота/Волосы/Бальзамы||199.00||
        11401|Красота/Макияж/Помады||590.00||
        11402|Красота/Макияж/Тушь||990.00||
        11403|Красота/Макияж/Подводка||450.00||
        11404|Красота/Макияж/Карандаши||350.00||
        11501|Красота/Солнце/Защита||899.00||
        11502|Красота/Солнце/Защита||699.00||
        11503|Красота/Солнце/Защита||499.99||
        11511|Красота/Солнце/После загара||800.00||
        11601|Бакалея/Чай/Чёрный||189.00||
        11602|Бакалея/Чай/Зелёный|Чай зелёный развесной|1990.00|w|
        11651|Посуда/Кружки|Кружка фирменная|349.00||
        11901|Food/Bakery/Buns||25.50||
        11902|Food/Bakery/Buns||25.50||
        11903|Food/Bakery/Bread||45.49||
        11904|Household/Bags|Пакет-майка|5.99||
        11911|Alcohol/Wine||549.00|x549|
        11921|Household/Paper||123.74||
        11922|Household/Cleaning||62.12||
        11931|Food/Snacks||57.35||
        11932|Drinks/Water||24.50||
        11941|Food/Fruit/Apples|Яблоки Симиренко|149.90|w|
        11942|Food/Vegetables/Potatoes|Картофель мытый|39.90|w|
        11943|Food/Dairy/Milk||89.90||
        12001|Grocery/Tea||245.50||
        12002|Grocery/Tea||199.90||
        12003|Grocery/Tea||329.00||
        12011|Appliances/Coffee machines||24990.00||
        12012|Appliances/Coffee machines||34990.00||
        12021|Appliances/Kettles||2999.99||
        12022|Appliances/Blenders||2999.00||
        12031|Household/Cleaning||649.00||
        12041|Household/Paper||599.00||
        12042|Household/Cleaning||399.00||
        12051|Drinks/Wine||349.90|x300|
        12061|Household/Cleaning||999.00||
        12062|Household/Paper||16.50||
        12071|Household/Cleaning||449.00||
        12072|Household/Paper||351.00||
        12081|Household/Cleaning||499.99||
        12082|Household/Paper||799.00||
        12111|Appliances/Coffee machines||32990.00||
        12112|Appliances/Coffee machines||45990.00||
        12121|Grocery/Coffee beans||899.00||
        12122|Grocery/Coffee beans||1290.00||
        12123|Grocery/Coffee beans||1590.00||
        12131|Grocery/Sugar||89.90||
        12201|Drinks/Coffee|Латте 0,4 л|150.00||
        12211|Drinks/Coffee/Beans|Кофе в зёрнах развесной|1390.00|w|
        12301|Garden/Hoses||1290.00||
        12302|Garden/Pots||199.90||
        12303|Garden/Fertilizer||249.90|w|
        12304|Garden/Tools||890.00||
        12401|Household/Bags|Сумка-шопер|149.00||
        12501|Cosmetics/Face||1499.99||
        12502|Cosmetics/Lips||250.00||
        12503|Cosmetics/Face||990.00||
        12511|Household/Dishes||350.00||
        12591|Cosmetics/Accessories|Косметичка фирменная|490.00||
        12592|Cosmetics/Accessories|Пробник крема для лица|49.00||
        12601|Home/Kitchen/Pans|Сковорода фирменная 24 см|1990.00||
        12701|Household/Dishes||199.90||
        13001|Bakery/Bread|Багет|89.90||
        13002|Bakery/Pastry|Круассан|65.00||
        13003|Bakery/Cookies|Печенье развесное|459.00|w|
        13010|Ready/Hot|Плов|249.00||
        13011|Ready/Hot|Лазанья|319.90||
        13100|Grocery/Cereals|Гречка 5 кг|549.00||
        13101|Grocery/Sugar|Сахар 10 кг|899.99||
        13102|Grocery/Flour|Мука 5 кг|310.00||
        13120|Stationery/Notebooks|Тетрадь 48 л.|59.00||
        13121|Stationery/Pens|Ручка гелевая|33.30||
        13122|Stationery/Cases|Пенал|449.00||
        13123|Stationery/Bags|Рюкзак|2490.00||
        13130|Fruit/Grapes|Виноград|279.90|w|
        13131|Fruit/Pears|Груши|189.00|w|
        13140|Baby/Diapers|Подгузники|1499.00||
        13141|Baby/Wipes|Салфетки|349.00||
        13142|Baby/Food|Смесь|779.00||
        13143|Drinks/Wine|Вино|500.00|x300|
        13200|Dairy/Farm|Молоко фермерское 1 л|119.90||
        13201|Grocery/Honey|Мёд алтайский|450.00||
        13202|Fish/Chilled|Сёмга охлаждённая|1290.00|w|
        13203|Confectionery/National|Чак-чак 500 г|389.00||
        13300|Beauty/Skincare|Крем для лица|899.00||
        13301|Beauty/Skincare|Сыворотка|1290.00||
        13310|Bakery/Bread|Хлеб социальный|34.90||
        13311|Dairy/Social|Молоко 2,5%|64.99||
        13312|Grocery/Cereals|Гречка 900 г|79.90||
        13320|Household/Dishes|Набор посуды|1499.99||
        13400|Tea/Black|Чай Гранд 100 пак.|349.00||
        13401|Tea/Green|Чай зелёный|279.50||
        13410|Grocery/CoffeeBeans|Кофе в зёрнах 1 кг|1899.00||
        13500|Deli/Cheese|Сыр пармезан|890.00||
        13510|Deli/Caviar|Икра красная 140 г|1299.00||
        13511|Deli/Meat|Хамон 100 г|459.00||
        13520|Pets/Treats|Лакомство для собак|149.90||
        13600|Grocery/CoffeeBeans|Кофе «Своя марка» 1 кг|1099.00||Своя марка
        13610|Grocery/CoffeeBeans|Кофе в зёрнах «Арабика» 1 кг|1290.00||
        13611|Grocery/CoffeeBeans|Кофе в зёрнах «Эспрессо» 1 кг|1190.00||
        13650|Confectionery/Cakes|Торт «Праздничный»|890.00||
        13700|Home/Textile|Плед|1290.00||
        13701|Home/Textile|Подушка|699.90||
        13800|Grocery/CoffeeGround|Кофе молотый|450.00||
        14101|Drinks/Wine|Вино красное сухое 0,75|1000.00|x349|
        14102|Drinks/Wine||449.90|x349|
        14103|Drinks/Wine||399.00|x349|
        14110|Drinks/Whisky|Виски 0,7|1500.00|x699|
        14111|Drinks/Soft|Безалкогольное вино|549.00|m349|
        14120|Drinks/Liqueur|Настойка 0,5|699.00|x349|
        14201|Food/Frozen/IceCream|Пломбир|120.00||
        14202|Food/Frozen/IceCream|Эскимо|79.90||
        14203|Food/Frozen/IceCream|Мороженое весовое|489.00|w|
        14301|Home/Textile/Towels||599.00||
        14302|Home/Textile/Towels||999.99||
        14303|Home/Textile/Linen||2490.00||
        14310|Home/Decor||990.00||
        14311|Home/Gifts||1490.00||
        14320|Home/Decor||400.00||
        14401|Food/Bakery||120.00||
        14402|Food/Deli||200.00||
        14403|Food/Confectionery||800.00||
        14404|Cafe/Coffee||180.00||
        14405|Food/Snacks||50.00||
        14451|Grocery/Coffee/Beans||349.00||
        14452|Grocery/Coffee/Beans||299.00||
        14461|Grocery/Tea||200.00||
        14501|Home/Appliances/Kettles||1499.99||
        14502|Home/Appliances/Coffee||4990.00||
        14511|Home/Kitchen/Pans||1190.00||
        14512|Home/Kitchen/Pots||1490.00||
        14601|Electronics/TV||24990.00||
        14602|Electronics/Accessories||490.00||
        14611|Furniture/Sofas||34990.00||
        14612|Furniture/Chairs||4990.00||
        14701|Electronics/Vacuum||9990.00||
        14801|Home/Kitchen||399.00||
        14810|Home/Appliances||890.00||
        14811|Home/Textile||590.00||
        """

        /// The stores, one a line: `id|format|region|city|groups`.
        static let stores = """
        751|Supermarket|Moscow|Moscow|center,flagship
        752|Supermarket|Moscow|Moscow|center,flagship
        753|Supermarket|Moscow|Moscow|center
        754|Supermarket|Moscow|Moscow|center
        755|Convenience|Moscow|Moscow|center,24h
        756|Convenience|Moscow|Moscow|center
        757|Supermarket|Moscow|Moscow|
        758|Supermarket|Moscow|Moscow|new
        759|Supermarket|Moscow|Moscow|
        760|Supermarket|Moscow|Moscow|
        761|Discounter|Moscow|Moscow|
        762|Discounter|Moscow|Moscow|
        763|Hypermarket|Moscow|Moscow|
        764|Hypermarket|Moscow|Moscow|new
        765|Convenience|Moscow|Moscow|24h
        766|Supermarket|Moscow|Moscow|North
        767|Supermarket|Moscow|Moscow|North
        768|Минимаркет|Moscow|Moscow|
        769|Supermarket|Moscow|Moscow|Городские
        900|Convenience|Moscow|Moscow|24h
        999|Online|Moscow|Moscow|online
        11901|Supermarket|Moscow|Moscow|
        11902|Supermarket|Moscow|Moscow|
        11903|Supermarket|Moscow|Moscow|
        11951|Минимаркет|Moscow|Moscow|
        11963|Supermarket|Moscow|Moscow|Городские
        14001|Supermarket|Moscow|Moscow|
        14900|Supermarket|Moscow|Moscow|Loyalty-pilot
        14901|Supermarket|Moscow|Moscow|Loyalty-pilot
        12|Discounter|Moscow Oblast|Podolsk|
        13|Discounter|Moscow Oblast|Khimki|
        14|Supermarket|Moscow Oblast|Khimki|North
        15|Hypermarket|Moscow Oblast|Mytishchi|North
        16|Supermarket|Moscow Oblast|Mytishchi|North
        17|Supermarket|Moscow Oblast|Balashikha|
        18|Convenience|Moscow Oblast|Balashikha|
        19|Supermarket|Moscow Oblast|Odintsovo|new
        802|Discounter|Moscow Oblast|Lyubertsy|
        810|Hypermarket|Moscow Oblast|Krasnogorsk|
        11961|Supermarket|Moscow Oblast|Istra|Фермерские
        11962|Минимаркет|Moscow Oblast|Istra|Фермерские
        770|Supermarket|Saint Petersburg|Saint Petersburg|North,Loyalty-pilot
        772|Supermarket|Saint Petersburg|Saint Petersburg|North
        773|Supermarket|Saint Petersburg|Saint Petersburg|North,center
        774|Hypermarket|Saint Petersburg|Saint Petersburg|North
        775|Convenience|Saint Petersburg|Saint Petersburg|North,24h
        776|Discounter|Saint Petersburg|Saint Petersburg|North
        777|Supermarket|Saint Petersburg|Saint Petersburg|North,new
        778|Convenience|Saint Petersburg|Saint Petersburg|North
        998|Online|Saint Petersburg|Saint Petersburg|North,online
        820|Supermarket|Tatarstan|Kazan|
        821|Hypermarket|Tatarstan|Kazan|
        822|Supermarket|Tatarstan|Kazan|center
        823|Convenience|Tatarstan|Kazan|
        824|Supermarket|Tatarstan|Naberezhnye Chelny|
        825|Discounter|Tatarstan|Naberezhnye Chelny|
        826|Hypermarket|Tatarstan|Kazan|new
        771|Supermarket|Krasnodar Krai|Krasnodar|South
        780|Hypermarket|Krasnodar Krai|Krasnodar|South
        781|Supermarket|Krasnodar Krai|Krasnodar|South
        782|Supermarket|Krasnodar Krai|Sochi|South
        783|Convenience|Krasnodar Krai|Sochi|South
        784|Discounter|Krasnodar Krai|Novorossiysk|South
        870|Supermarket|Rostov Oblast|Rostov-on-Don|South
        871|Hypermarket|Rostov Oblast|Rostov-on-Don|South
        872|Discounter|Rostov Oblast|Taganrog|South
        830|Hypermarket|Sverdlovsk Oblast|Yekaterinburg|
        831|Supermarket|Sverdlovsk Oblast|Yekaterinburg|
        832|Supermarket|Sverdlovsk Oblast|Yekaterinburg|new
        833|Convenience|Sverdlovsk Oblast|Yekaterinburg|
        834|Discounter|Sverdlovsk Oblast|Nizhny Tagil|
        840|Hypermarket|Novosibirsk Oblast|Novosibirsk|
        841|Supermarket|Novosibirsk Oblast|Novosibirsk|
        842|Convenience|Novosibirsk Oblast|Novosibirsk|
        843|Supermarket|Novosibirsk Oblast|Novosibirsk|new
        850|Supermarket|Nizhny Novgorod Oblast|Nizhny Novgorod|
        851|Hypermarket|Nizhny Novgorod Oblast|Nizhny Novgorod|
        852|Convenience|Nizhny Novgorod Oblast|Nizhny Novgorod|
        860|Supermarket|Samara Oblast|Samara|
        861|Hypermarket|Samara Oblast|Samara|
        """

        /// Brand pools: a category's products take their brands from its pool.
        static let brands: [String: [String]] = [
            "dairy": ["Простоквашкино", "Домик у речки", "Весёлый молочник", "Бурёнкино", "Северное молоко",
                      "Alpen Milch", "Савушкин двор", "Premium Farm", "Своя марка"],
            "bakery": ["Хлебный дом", "Коломенский двор", "Пекарня у дома", "Своя марка"],
            "meat": ["Мясной двор", "Мясная лавка", "Птичий двор", "Фермер Иванов", "Своя марка"],
            "fish": ["Морской улов", "Балтийский берег", "Северный берег", "Своя марка"],
            "grocery": ["Золотое поле", "Русская трапеза", "Увельский край", "Добрая кухня", "Market Line",
                        "Зерно и колос", "Своя марка", "Экономия"],
            "sweets": ["Фабрика Заря", "Фабрика Восход", "Choco Land", "Сладкий край", "Своя марка"],
            "drinks": ["Родник", "Сочный сад", "Fresh Bar", "Aqua Vita", "Добрый сок", "Своя марка"],
            "coffee": ["Moka Nera", "Кофейня на углу", "Tea Garden", "Чайная роща", "Espresso Club", "Своя марка"],
            "alcohol": ["Château Vallée", "Кубанская лоза", "Highland Cask", "Абрау-Мыс", "Белый медведь",
                        "Terra Rossa", "Старый Кёнигсберг", "Волжская пивоварня"],
            "tobacco": ["Северная звезда", "Virginia Gold", "Табачная лавка"],
            "household": ["Чистый дом", "Sanita", "Мягкий лист", "Бриз", "Ecoline", "Домовёнок", "Своя марка"],
            "home": ["Chef Line", "Домашний уют", "Casa Nova", "Nordic Home", "Текстиль-Иваново"],
            "electronics": ["Voltix", "Sonar", "Ampere", "HomeTech", "Polar Star"],
            "beauty": ["Natura Silk", "Травы Алтая", "Belle Rose", "Sun Glow", "Лесная аптека", "Mia Bella"],
            "baby": ["Малышок", "Baby Care", "Кроха", "Little Star"],
            "pets": ["Мурлыка", "Happy Paw", "Верный друг", "Catsy"],
            "garden": ["Дачник", "Green Garden", "Сад и огород"],
            "stationery": ["Эрих", "Школьник", "Office Line"],
            "auto": ["Автомир", "Drive Pro"],
            "books": ["Книжный мир", "Читай-ка"],
            "toys": ["Играйка", "Toy Planet"],
            "sport": ["Fit Line", "Спорт-Мастерская"],
            "health": ["Здравица", "Vita Plus"],
            "flowers": ["Флора", "Сад цветов"],
        ]
    }
}
