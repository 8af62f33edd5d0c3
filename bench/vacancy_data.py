"""Realistic synthetic vacancies: the shipped sample data set and the benchmarks' input.

`generate(n, seed)` yields JSON-ready records with the fields of
actions.vacancies.model.Vacancy (without `source`), about 60% in Russian (RUB salaries,
Russian cities) and 40% in English (EUR salaries, Estonian and other European cities).
Everything is invented: employers are made-up names, and no record carries a person's name,
a phone number or an e-mail address. A few records carry simple HTML in duties and
requirements, as real sources do, to exercise sanitising.

The output depends only on `n` and `seed` (random.Random is stable across Python versions).

    python -m bench.make_sample    # rewrites data/vacancies/sample.jsonl
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import TypeVar

from actions.vacancies.model import SCHEDULES

TODAY = date(2026, 11, 25)
POSTED_WITHIN_DAYS = 60
URL = "https://demo-pes.example/jobs/{}"
RUSSIAN_SHARE = 0.6
EMPLOYMENTS = ("permanent", "temporary", "seasonal")
RUB_RANGE = (30_000, 250_000)
EUR_RANGE = (900, 5_000)
HTML_SHARE = 0.03

T = TypeVar("T")

# --- Occupations --------------------------------------------------------------------------
# One block per occupation:
#   key sector employer-kinds rub_min-rub_max(thousands) weight level [flags]
#   flags: seasonal (often seasonal work), onsite (never remote), remote (often remote)
#   level: e = entry (no experience needed), s = skilled, p = professional (degree)
#   ru:/en: title variants (the first is the most common); ru-d:/en-d: duty sentences;
#   ru-r:/en-r: the occupation's own requirement.
OCCUPATION_TABLE = """
welder factory metal,construction 55-120 3 s
ru: Сварщик | Электросварщик ручной сварки | Электрогазосварщик
en: Welder | Welder (MIG/MAG) | TIG welder
ru-d: Сварка металлоконструкций полуавтоматом и ручной дуговой сваркой.
ru-d: Зачистка и контроль качества сварных швов.
en-d: Welding steel structures with MIG/MAG and MMA equipment.
en-d: Finishing welds and checking their quality.
ru-r: Удостоверение сварщика; аттестация НАКС будет преимуществом.
en-r: A valid welding certificate; EN ISO 9606 qualification is an advantage.

turner factory metal 55-110 2 s
ru: Токарь | Токарь-универсал | Токарь 5 разряда
en: Lathe operator | CNC turner | Turner
ru-d: Изготовление деталей на токарных станках по чертежам.
ru-d: Контроль размеров деталей измерительным инструментом.
en-d: Making parts on lathes from technical drawings.
en-d: Checking dimensions with measuring tools.
ru-r: Умение читать чертежи, опыт работы на универсальных станках.
en-r: Able to read technical drawings; experience with manual lathes.

miller factory metal 55-105 1 s
ru: Фрезеровщик | Фрезеровщик-универсал
en: Milling machine operator | Miller
ru-d: Фрезерная обработка деталей по чертежам и технологическим картам.
ru-d: Подбор режущего инструмента и режимов обработки.
en-d: Milling parts according to drawings and job sheets.
en-d: Choosing cutting tools and machining settings.
ru-r: Опыт работы на фрезерных станках, знание допусков и посадок.
en-r: Experience with milling machines and knowledge of tolerances.

cnc_operator factory metal 60-130 2 s
ru: Оператор станков с ЧПУ | Наладчик станков с ЧПУ
en: CNC machine operator | CNC setter
ru-d: Наладка и обслуживание станков с ЧПУ.
ru-d: Ввод и корректировка управляющих программ.
en-d: Setting up and running CNC machines.
en-d: Loading and adjusting machine programs.
ru-r: Знание систем ЧПУ Fanuc или Siemens будет плюсом.
en-r: Knowledge of Fanuc or Siemens controls is a plus.

assembler factory metal,factory 45-90 2 s
ru: Слесарь механосборочных работ | Слесарь-сборщик | Сборщик
en: Assembly fitter | Mechanical fitter | Assembly worker
ru-d: Сборка узлов и агрегатов по чертежам.
ru-d: Слесарная обработка деталей и подгонка по месту.
en-d: Assembling units and components from drawings.
en-d: Fitting and finishing parts by hand.
ru-r: Умение пользоваться слесарным и измерительным инструментом.
en-r: Confident use of hand and measuring tools.

line_operator factory factory,food_prod 40-75 3 e
ru: Оператор производственной линии | Оператор линии розлива | Оператор линии
en: Production line operator | Machine operator | Bottling line operator
ru-d: Обслуживание производственной линии и контроль её работы.
ru-d: Загрузка сырья и контроль качества продукции.
en-d: Running the production line and monitoring its work.
en-d: Loading raw materials and checking product quality.
ru-r: Технический склад ума.
en-r: Technical aptitude.

packer factory factory,food_prod,logistics 35-60 2 e
ru: Упаковщик | Укладчик-упаковщик | Фасовщик
en: Packer | Packing operative
ru-d: Упаковка и маркировка готовой продукции.
ru-d: Формирование паллет и подготовка продукции к отгрузке.
en-d: Packing and labelling finished goods.
en-d: Building pallets and preparing orders for dispatch.
ru-r: Физическая выносливость, готовность к монотонной работе.
en-r: Good stamina and patience for repetitive work.

qc_inspector factory metal,factory,food_prod 45-85 1 s
ru: Контролёр ОТК | Контролёр качества
en: Quality inspector | QC inspector
ru-d: Входной и выходной контроль продукции.
ru-d: Оформление документов о качестве и учёт брака.
en-d: Incoming and final inspection of products.
en-d: Recording defects and issuing quality documents.
ru-r: Знание измерительного инструмента и основ метрологии.
en-r: Knowledge of measuring instruments and basic metrology.

industrial_painter factory metal,factory 45-85 1 s
ru: Маляр | Маляр по металлу | Маляр-окрасчик
en: Industrial painter | Spray painter
ru-d: Подготовка поверхностей и окраска изделий краскопультом.
ru-d: Контроль толщины покрытия.
en-d: Surface preparation and spray painting of products.
en-d: Checking coating thickness.
ru-r: Опыт работы с порошковыми или жидкими красками.
en-r: Experience with powder or liquid coatings.

seamstress factory textile 35-70 2 s
ru: Швея | Швея-мотористка | Швея на производство спецодежды
en: Sewing machine operator | Seamstress
ru-d: Пошив изделий на промышленном оборудовании.
ru-d: Выполнение отдельных операций и контроль качества строчки.
en-d: Sewing garments on industrial machines.
en-d: Carrying out sewing operations and checking stitch quality.
ru-r: Опыт работы на промышленных швейных машинах.
en-r: Experience with industrial sewing machines.

tailor services textile 35-65 1 s
ru: Портной | Портной по ремонту одежды
en: Tailor | Alterations tailor
ru-d: Ремонт и подгонка одежды по фигуре.
ru-d: Приём заказов и консультирование клиентов.
en-d: Alterations and repairs of clothing.
en-d: Taking orders and advising customers.
ru-r: Опыт пошива и ремонта одежды.
en-r: Experience in tailoring and alterations.

baker hospitality food_prod,retail 40-75 2 s
ru: Пекарь | Пекарь-кондитер
en: Baker | Bakery worker
ru-d: Замес теста, формовка и выпечка хлебобулочных изделий.
ru-d: Соблюдение рецептур и технологических карт.
en-d: Mixing dough, shaping and baking bread and pastries.
en-d: Following recipes and production sheets.
ru-r: Наличие медицинской книжки.
en-r: A valid health certificate for food handling.

confectioner hospitality food_prod,catering 40-80 1 s
ru: Кондитер | Повар-кондитер
en: Pastry chef | Confectioner
ru-d: Приготовление тортов, пирожных и десертов.
ru-d: Оформление кондитерских изделий.
en-d: Making cakes, pastries and desserts.
en-d: Decorating confectionery.
ru-r: Профильное образование и опыт работы в кондитерском цехе.
en-r: Culinary training and experience in a pastry kitchen.

maintenance_fitter factory metal,factory,energy 50-100 2 s
ru: Слесарь-ремонтник | Слесарь по ремонту оборудования
en: Maintenance fitter | Maintenance technician
ru-d: Плановый и аварийный ремонт технологического оборудования.
ru-d: Диагностика неисправностей и замена изношенных узлов.
en-d: Planned and emergency repairs of production equipment.
en-d: Troubleshooting and replacing worn parts.
ru-r: Знание гидравлики и пневматики будет преимуществом.
en-r: Knowledge of hydraulics and pneumatics is an advantage.

maintenance_electrician factory factory,energy 55-110 2 s
ru: Электромонтёр по ремонту и обслуживанию электрооборудования | Электрик цеха
en: Maintenance electrician | Industrial electrician
ru-d: Обслуживание и ремонт электрооборудования цеха.
ru-d: Поиск и устранение неисправностей в цепях управления.
en-d: Servicing and repairing electrical equipment on site.
en-d: Fault-finding in control circuits.
ru-r: Группа по электробезопасности не ниже III.
en-r: Electrical safety qualification and experience with industrial equipment.

woodworker factory factory,construction 40-80 1 s
ru: Столяр | Станочник деревообрабатывающих станков
en: Joiner | Woodworking machine operator
ru-d: Изготовление столярных изделий и деталей мебели.
ru-d: Работа на деревообрабатывающих станках.
en-d: Making joinery and furniture parts.
en-d: Operating woodworking machines.
ru-r: Опыт работы с деревом и умение читать чертежи.
en-r: Woodworking experience and ability to read drawings.

process_operator factory factory,energy 50-95 1 s
ru: Аппаратчик | Аппаратчик химического производства
en: Process operator | Chemical plant operator
ru-d: Ведение технологического процесса по регламенту.
ru-d: Отбор проб и запись показаний приборов.
en-d: Running the process according to operating procedures.
en-d: Taking samples and recording instrument readings.
ru-r: Среднее техническое или химическое образование.
en-r: Technical or chemistry-related vocational education.

shift_supervisor factory metal,factory,food_prod 70-140 1 s
ru: Мастер участка | Мастер смены | Начальник смены
en: Production supervisor | Shift supervisor
ru-d: Организация работы смены и расстановка персонала.
ru-d: Контроль выполнения плана и соблюдения технологии.
en-d: Organising the shift and assigning tasks to the team.
en-d: Monitoring output targets and process discipline.
ru-r: Опыт руководства коллективом на производстве.
en-r: Experience leading a team in manufacturing.

process_engineer factory metal,factory,food_prod 70-150 1 p
ru: Инженер-технолог | Ведущий инженер-технолог
en: Process engineer | Senior process engineer
ru-d: Разработка и сопровождение технологических процессов.
ru-d: Подготовка технологической документации.
en-d: Developing and maintaining production processes.
en-d: Preparing process documentation.
ru-r: Высшее техническое образование, знание САПР.
en-r: A degree in engineering and CAD skills.

design_engineer office metal,factory 80-160 1 p
ru: Инженер-конструктор | Ведущий инженер-конструктор
en: Design engineer | Mechanical design engineer
ru-d: Разработка конструкторской документации.
ru-d: Создание 3D-моделей и чертежей изделий.
en-d: Preparing design documentation.
en-d: Creating 3D models and drawings of products.
ru-r: Уверенное владение КОМПАС-3D или SolidWorks.
en-r: Good command of SolidWorks or a similar CAD system.

mechanical_engineer factory metal,factory,energy 70-140 1 p
ru: Инженер-механик | Главный механик
en: Mechanical engineer | Chief mechanic
ru-d: Организация технического обслуживания и ремонта оборудования.
ru-d: Планирование ремонтов и закупки запчастей.
en-d: Organising maintenance and repair of equipment.
en-d: Planning repairs and ordering spare parts.
ru-r: Высшее техническое образование, опыт работы на производстве.
en-r: An engineering degree and experience in production.

labourer factory factory,construction,logistics 35-65 3 e
ru: Разнорабочий | Подсобный рабочий | Рабочий на производство
en: General labourer | Production worker | Factory worker
ru-d: Выполнение подсобных работ на производстве.
ru-d: Перемещение материалов и уборка рабочей зоны.
en-d: General tasks on the production floor.
en-d: Moving materials and keeping the work area clean.
ru-r: Физическая выносливость.
en-r: Good physical condition.

meat_worker factory food_prod 45-90 1 s
ru: Обвальщик мяса | Жиловщик мяса
en: Meat processing worker | Meat boner
ru-d: Обвалка и жиловка мясных туш.
ru-d: Разделка мяса по технологическим картам.
en-d: Deboning and trimming meat.
en-d: Cutting meat according to specifications.
ru-r: Опыт работы на мясоперерабатывающем производстве.
en-r: Experience in meat processing.

fish_worker factory food_prod 45-90 1 e
ru: Рыбообработчик | Оператор линии рыбопереработки
en: Fish processing worker | Fish filleter
ru-d: Разделка и филетирование рыбы.
ru-d: Упаковка и заморозка готовой продукции.
en-d: Gutting and filleting fish.
en-d: Packing and freezing finished products.
ru-r: Готовность работать в холодном цехе.
en-r: Willing to work in a cold environment.

truck_driver transport transport,logistics 70-150 4 s
ru: Водитель грузовика | Водитель категории C | Водитель-экспедитор
en: Truck driver | HGV driver (C) | Delivery truck driver
ru-d: Перевозка грузов по городу и области.
ru-d: Оформление товарно-транспортных документов.
en-d: Delivering goods within the city and region.
en-d: Handling consignment notes and delivery papers.
ru-r: Водительское удостоверение категории C, карта водителя для тахографа.
en-r: Category C driving licence and a driver card for the tachograph.

long_haul_driver transport transport 100-200 2 s
ru: Водитель-дальнобойщик | Водитель категории CE | Водитель седельного тягача
en: Long-haul truck driver | CE driver | International truck driver
ru-d: Междугородные перевозки грузов на седельном тягаче.
ru-d: Контроль состояния автомобиля и крепления груза.
en-d: Long-distance haulage with a tractor unit.
en-d: Checking the vehicle and securing the load.
ru-r: Водительское удостоверение категории CE, готовность к длительным рейсам.
en-r: CE driving licence and readiness for long trips.

bus_driver transport passenger 65-130 3 s
ru: Водитель автобуса | Водитель автобуса категории D | Водитель городского автобуса
en: Bus driver | City bus driver | Coach driver
ru-d: Перевозка пассажиров по городским маршрутам.
ru-d: Соблюдение графика движения и правил дорожного движения.
en-d: Driving passengers on city routes.
en-d: Keeping to the timetable and traffic rules.
ru-r: Водительское удостоверение категории D.
en-r: Category D driving licence.

car_driver transport office,transport 50-90 2 s
ru: Водитель категории B | Водитель легкового автомобиля | Водитель служебного автомобиля
en: Company car driver | Van driver | Delivery van driver
ru-d: Перевозка сотрудников и документов по городу.
ru-d: Поддержание автомобиля в чистоте и исправном состоянии.
en-d: Driving staff and documents around the city.
en-d: Keeping the vehicle clean and roadworthy.
ru-r: Водительское удостоверение категории B, стаж вождения от 3 лет.
en-r: Category B driving licence and a clean driving record.

taxi_driver transport passenger 60-120 1 s
ru: Водитель такси
en: Taxi driver
ru-d: Перевозка пассажиров на автомобиле компании.
ru-d: Работа с заказами через мобильное приложение.
en-d: Driving passengers in a company car.
en-d: Taking orders through a mobile app.
ru-r: Стаж вождения категории B от 3 лет.
en-r: At least three years of driving experience (category B).

tram_driver transport passenger 60-110 1 e
ru: Водитель трамвая | Водитель троллейбуса
en: Tram driver | Trolleybus driver
ru-d: Управление трамваем или троллейбусом на городских маршрутах.
ru-d: Проверка технического состояния машины перед выездом.
en-d: Driving trams or trolleybuses on city routes.
en-d: Checking the vehicle before leaving the depot.
ru-r: Обучение в учебном центре предприятия со стипендией.
en-r: Paid training at the company's own training centre.

forklift_driver logistics logistics,factory 50-90 2 s
ru: Водитель погрузчика | Оператор погрузчика | Водитель электропогрузчика
en: Forklift driver | Forklift operator | Reach truck operator
ru-d: Погрузка и разгрузка транспорта погрузчиком.
ru-d: Размещение паллет в зоне хранения.
en-d: Loading and unloading trucks with a forklift.
en-d: Putting pallets away in the storage area.
ru-r: Удостоверение тракториста-машиниста с допуском к управлению погрузчиком.
en-r: A valid forklift licence.

crane_operator construction construction,metal 70-140 1 s
ru: Машинист автокрана | Машинист башенного крана | Крановщик
en: Crane operator | Tower crane operator | Mobile crane operator
ru-d: Управление краном при погрузочно-разгрузочных и монтажных работах.
ru-d: Ежесменный осмотр крана.
en-d: Operating the crane for lifting and installation work.
en-d: Daily inspection of the crane.
ru-r: Удостоверение машиниста крана.
en-r: A crane operator certificate.

excavator_operator construction construction,utilities 75-150 1 s
ru: Машинист экскаватора | Машинист экскаватора-погрузчика
en: Excavator operator | Digger driver
ru-d: Земляные работы на строительных объектах.
ru-d: Техническое обслуживание экскаватора.
en-d: Earthworks on construction sites.
en-d: Routine maintenance of the excavator.
ru-r: Удостоверение тракториста-машиниста соответствующей категории.
en-r: A valid operator licence for excavators.

car_mechanic transport auto,transport,passenger 55-120 3 s
ru: Автослесарь | Автомеханик | Слесарь по ремонту автомобилей
en: Car mechanic | Motor vehicle technician | Truck mechanic
ru-d: Диагностика и ремонт легковых и грузовых автомобилей.
ru-d: Техническое обслуживание двигателя, ходовой части и тормозной системы.
en-d: Diagnosing and repairing cars and trucks.
en-d: Servicing engines, brakes and suspension.
ru-r: Опыт ремонта автомобилей.
en-r: Hands-on experience in vehicle repair.

tyre_fitter transport auto 40-80 1 e seasonal
ru: Шиномонтажник | Мастер шиномонтажа
en: Tyre fitter | Tyre technician
ru-d: Шиномонтаж и балансировка колёс.
ru-d: Ремонт шин и камер.
en-d: Fitting and balancing tyres.
en-d: Repairing tyres and inner tubes.
ru-r: Готовность к работе в высокий сезон.
en-r: Ready for busy seasonal periods.

auto_electrician transport auto,passenger 55-110 1 s
ru: Автоэлектрик | Автоэлектрик-диагност
en: Auto electrician | Vehicle diagnostics technician
ru-d: Диагностика и ремонт электрооборудования автомобилей.
ru-d: Работа с диагностическими сканерами.
en-d: Diagnosing and repairing vehicle electrical systems.
en-d: Working with diagnostic scanners.
ru-r: Умение читать электрические схемы.
en-r: Able to read wiring diagrams.

dispatcher transport transport,passenger,logistics 45-85 2 s
ru: Диспетчер | Диспетчер автотранспорта | Диспетчер по грузоперевозкам
en: Transport dispatcher | Logistics dispatcher
ru-d: Планирование рейсов и контроль движения транспорта.
ru-d: Связь с водителями и клиентами, оформление путевых листов.
en-d: Planning trips and tracking vehicles.
en-d: Keeping in touch with drivers and customers.
ru-r: Уверенный пользователь ПК, опыт работы с системами GPS-мониторинга.
en-r: Good computer skills and experience with fleet tracking software.

assistant_train_driver transport passenger,transport 70-120 1 e
ru: Помощник машиниста тепловоза | Помощник машиниста электропоезда
en: Assistant train driver | Assistant locomotive driver
ru-d: Помощь машинисту в управлении локомотивом.
ru-d: Осмотр и подготовка локомотива к рейсу.
en-d: Assisting the driver in operating the locomotive.
en-d: Inspecting and preparing the locomotive for the trip.
ru-r: Обучение за счёт предприятия, годность по состоянию здоровья.
en-r: Paid training; a medical check is required.

tractor_driver agriculture agro 45-95 2 s seasonal
ru: Тракторист | Тракторист-машинист | Механизатор
en: Tractor driver | Farm machinery operator
ru-d: Полевые работы на тракторе: вспашка, посев, внесение удобрений.
ru-d: Ежедневное обслуживание сельхозтехники.
en-d: Field work with a tractor: ploughing, sowing and fertilising.
en-d: Daily maintenance of farm machinery.
ru-r: Удостоверение тракториста-машиниста.
en-r: A tractor driving licence.

combine_operator agriculture agro 60-140 1 s seasonal
ru: Комбайнёр | Механизатор на уборку урожая
en: Combine harvester operator | Harvest machine operator
ru-d: Уборка зерновых на комбайне.
ru-d: Подготовка комбайна к сезону и текущий ремонт.
en-d: Harvesting grain with a combine.
en-d: Preparing the combine for the season and minor repairs.
ru-r: Опыт работы на современных комбайнах.
en-r: Experience with modern combine harvesters.

agronomist agriculture agro 60-120 1 p
ru: Агроном | Главный агроном
en: Agronomist | Senior agronomist
ru-d: Планирование полевых работ и севооборота.
ru-d: Контроль состояния посевов и защиты растений.
en-d: Planning field work and crop rotation.
en-d: Monitoring crops and plant protection.
ru-r: Высшее агрономическое образование.
en-r: A degree in agronomy.

livestock_worker agriculture agro 40-80 1 e
ru: Оператор машинного доения | Животновод | Скотник
en: Milking operative | Livestock worker | Farm worker
ru-d: Доение коров на современном оборудовании.
ru-d: Кормление животных и уход за ними.
en-d: Milking cows with modern equipment.
en-d: Feeding and caring for animals.
ru-r: Ответственное отношение к животным.
en-r: Enjoys working with animals.

harvest_worker agriculture agro 35-60 2 e seasonal
ru: Сборщик урожая | Рабочий теплицы | Сборщик овощей
en: Fruit picker | Greenhouse worker | Seasonal farm worker
ru-d: Сбор овощей, фруктов и ягод.
ru-d: Сортировка и упаковка урожая.
en-d: Picking vegetables, fruit and berries.
en-d: Sorting and packing produce.
ru-r: Физическая выносливость, готовность работать на открытом воздухе.
en-r: Good stamina; happy to work outdoors.

veterinarian health vet,agro 55-120 1 p
ru: Ветеринарный врач | Ветеринарный фельдшер
en: Veterinarian | Veterinary nurse
ru-d: Приём животных, диагностика и лечение.
ru-d: Проведение вакцинации и профилактических осмотров.
en-d: Examining, diagnosing and treating animals.
en-d: Vaccinations and preventive check-ups.
ru-r: Высшее или среднее ветеринарное образование.
en-r: A veterinary qualification.

warehouse_worker logistics logistics,retail 45-85 4 s
ru: Кладовщик | Работник склада | Старший кладовщик
en: Warehouse worker | Warehouse operative | Storekeeper
ru-d: Приёмка, размещение и отгрузка товара.
ru-d: Учёт товара в складской программе и участие в инвентаризациях.
en-d: Receiving, storing and dispatching goods.
en-d: Recording stock in the warehouse system and taking part in stocktakes.
ru-r: Знание складского учёта, опыт работы в 1С будет плюсом.
en-r: Familiarity with warehouse management systems is a plus.

order_picker logistics logistics,retail 45-80 3 e
ru: Комплектовщик | Сборщик заказов | Комплектовщик на склад
en: Order picker | Picker-packer
ru-d: Сборка заказов по листу подбора или с помощью сканера.
ru-d: Проверка комплектности и упаковка заказов.
en-d: Picking orders with a pick list or scanner.
en-d: Checking and packing orders.
ru-r: Внимательность и готовность к физической работе.
en-r: Accuracy and readiness for physical work.

loader logistics logistics,retail,factory 40-75 3 e
ru: Грузчик | Грузчик-комплектовщик | Грузчик на склад
en: Loader | Warehouse loader | Removal worker
ru-d: Погрузка и разгрузка товара вручную и с помощью гидравлической тележки.
ru-d: Перемещение грузов по складу.
en-d: Loading and unloading goods by hand and with a pallet jack.
en-d: Moving goods around the warehouse.
ru-r: Физическая выносливость.
en-r: Good physical fitness.

courier logistics logistics,retail,catering,post 45-100 4 e
ru: Курьер | Пеший курьер | Курьер на автомобиле компании
en: Courier | Bicycle courier | Delivery courier
ru-d: Доставка заказов клиентам по городу.
ru-d: Приём оплаты и работа с мобильным приложением.
en-d: Delivering orders to customers around the city.
en-d: Taking payments and using the courier app.
ru-r: Знание города и умение пользоваться навигатором.
en-r: Good knowledge of the city and a smartphone.

logistics_specialist office logistics,transport 60-130 1 p
ru: Логист | Специалист по логистике | Менеджер по логистике
en: Logistics coordinator | Logistics specialist
ru-d: Планирование перевозок и выбор перевозчиков.
ru-d: Контроль сроков доставки и оформление документов.
en-d: Planning shipments and choosing carriers.
en-d: Tracking deliveries and preparing documents.
ru-r: Знание таможенного оформления будет плюсом.
en-r: Knowledge of customs procedures is a plus.

purchasing_specialist office office,retail,factory 60-130 1 p
ru: Менеджер по закупкам | Специалист по снабжению
en: Purchasing specialist | Procurement manager
ru-d: Поиск поставщиков и проведение переговоров.
ru-d: Контроль сроков поставок и складских остатков.
en-d: Finding suppliers and negotiating terms.
en-d: Tracking deliveries and stock levels.
ru-r: Навыки ведения переговоров, уверенное знание Excel.
en-r: Negotiation skills and good Excel skills.

postal_worker logistics post 35-60 2 e
ru: Оператор почтовой связи | Почтальон | Сортировщик почтовых отправлений
en: Postal operator | Postal worker | Parcel sorter
ru-d: Приём и выдача почтовых отправлений.
ru-d: Сортировка писем и посылок.
en-d: Accepting and handing out letters and parcels.
en-d: Sorting mail and parcels.
ru-r: Грамотная речь и внимательность.
en-r: Clear communication and attention to detail.

nurse health hospital,clinic 45-95 4 s
ru: Медицинская сестра | Медсестра процедурного кабинета | Старшая медицинская сестра
en: Nurse | Registered nurse | Ward nurse
ru-d: Выполнение назначений врача и медицинских процедур.
ru-d: Наблюдение за состоянием пациентов.
en-d: Carrying out doctors' orders and medical procedures.
en-d: Monitoring patients' condition.
ru-r: Среднее медицинское образование и действующая аккредитация.
en-r: A nursing qualification and valid registration.

general_practitioner health hospital,clinic 90-200 2 p
ru: Врач-терапевт | Врач общей практики | Участковый врач-терапевт
en: General practitioner | Family doctor
ru-d: Амбулаторный приём пациентов.
ru-d: Профилактические осмотры и диспансерное наблюдение.
en-d: Seeing patients at the outpatient clinic.
en-d: Preventive check-ups and follow-up of chronic patients.
ru-r: Высшее медицинское образование и аккредитация по специальности.
en-r: A medical degree and a licence to practise.

paediatrician health hospital,clinic 90-190 1 p
ru: Врач-педиатр | Участковый врач-педиатр
en: Paediatrician | Children's doctor
ru-d: Приём детей и подростков, наблюдение за их развитием.
ru-d: Вакцинация и профилактические осмотры.
en-d: Seeing children and following their development.
en-d: Vaccinations and preventive check-ups.
ru-r: Высшее медицинское образование по специальности «Педиатрия».
en-r: A medical degree with a specialisation in paediatrics.

dentist health clinic 90-220 1 p
ru: Врач-стоматолог | Стоматолог-терапевт | Стоматолог-ортопед
en: Dentist | Dental surgeon
ru-d: Лечение и профилактика заболеваний зубов.
ru-d: Консультирование пациентов и составление плана лечения.
en-d: Treating and preventing dental disease.
en-d: Advising patients and planning treatment.
ru-r: Действующая аккредитация по стоматологии.
en-r: A licence to practise dentistry.

paramedic health hospital 60-120 1 s
ru: Фельдшер | Фельдшер скорой медицинской помощи
en: Paramedic | Emergency medical technician
ru-d: Оказание скорой медицинской помощи на выездах.
ru-d: Транспортировка пациентов в стационар.
en-d: Providing emergency care on call-outs.
en-d: Taking patients to hospital.
ru-r: Среднее медицинское образование по специальности «Лечебное дело».
en-r: A paramedic qualification.

healthcare_assistant health hospital,social 35-60 2 e
ru: Санитар | Младшая медицинская сестра по уходу за больными | Санитарка
en: Healthcare assistant | Nursing assistant
ru-d: Уход за пациентами и помощь в гигиенических процедурах.
ru-d: Поддержание чистоты в палатах.
en-d: Helping patients with personal care.
en-d: Keeping wards clean and tidy.
ru-r: Доброжелательность и готовность помогать людям.
en-r: A kind and caring attitude.

pharmacist health pharmacy 50-100 2 s
ru: Фармацевт | Провизор | Заведующий аптекой
en: Pharmacist | Pharmacy technician
ru-d: Консультирование покупателей и отпуск лекарственных препаратов.
ru-d: Приёмка товара и контроль сроков годности.
en-d: Advising customers and dispensing medicines.
en-d: Receiving stock and checking expiry dates.
ru-r: Фармацевтическое образование и действующая аккредитация.
en-r: A pharmacy qualification and valid registration.

lab_technician health hospital,clinic 45-85 1 s
ru: Медицинский лабораторный техник | Лаборант
en: Laboratory technician | Lab assistant
ru-d: Проведение лабораторных исследований.
ru-d: Подготовка реактивов и оборудования.
en-d: Carrying out laboratory tests.
en-d: Preparing reagents and equipment.
ru-r: Среднее медицинское или химическое образование.
en-r: Vocational education in laboratory science.

massage_therapist health clinic,sport 45-100 1 s
ru: Массажист | Инструктор ЛФК
en: Massage therapist | Physiotherapist
ru-d: Проведение лечебного и классического массажа.
ru-d: Составление индивидуальных программ реабилитации.
en-d: Giving therapeutic and classic massage.
en-d: Drawing up individual rehabilitation plans.
ru-r: Медицинское образование и документ о квалификации массажиста.
en-r: A recognised qualification in massage or physiotherapy.

care_worker health social 35-60 2 e
ru: Социальный работник | Сиделка | Помощник по уходу
en: Care worker | Home care assistant | Social care worker
ru-d: Помощь пожилым людям в быту: покупка продуктов и лекарств.
ru-d: Сопровождение подопечных к врачу.
en-d: Helping older people at home with shopping and medicines.
en-d: Accompanying clients to medical appointments.
ru-r: Доброжелательность, терпение и ответственность.
en-r: Patience, kindness and reliability.

radiographer health hospital,clinic 55-100 1 s
ru: Рентгенолаборант
en: Radiographer | X-ray technician
ru-d: Проведение рентгенологических исследований.
ru-d: Работа с цифровым архивом снимков.
en-d: Performing X-ray examinations.
en-d: Managing the digital image archive.
ru-r: Среднее медицинское образование и подготовка по рентгенологии.
en-r: A radiography qualification.

primary_teacher education school 40-90 2 p
ru: Учитель начальных классов
en: Primary school teacher | Class teacher
ru-d: Проведение уроков в начальной школе.
ru-d: Работа с родителями и ведение электронного журнала.
en-d: Teaching primary classes.
en-d: Working with parents and keeping the online class register.
ru-r: Педагогическое образование.
en-r: A teaching qualification.

maths_teacher education school,college 45-100 1 p
ru: Учитель математики | Преподаватель математики
en: Mathematics teacher | Maths teacher
ru-d: Преподавание математики в 5–11 классах.
ru-d: Подготовка учащихся к экзаменам и олимпиадам.
en-d: Teaching mathematics to pupils aged 11 to 18.
en-d: Preparing students for exams.
ru-r: Высшее педагогическое или математическое образование.
en-r: A degree in mathematics or education.

english_teacher education school,college 45-100 1 p
ru: Учитель английского языка | Преподаватель английского языка
en: English teacher | English language tutor
ru-d: Проведение уроков английского языка.
ru-d: Подготовка учащихся к экзаменам.
en-d: Teaching English in small groups.
en-d: Preparing students for language exams.
ru-r: Высшее лингвистическое или педагогическое образование.
en-r: A degree in English or language teaching.

kindergarten_teacher education kindergarten 35-75 3 s
ru: Воспитатель | Воспитатель детского сада
en: Kindergarten teacher | Early years educator
ru-d: Организация занятий и прогулок с детьми.
ru-d: Взаимодействие с родителями воспитанников.
en-d: Leading activities and outdoor play with children.
en-d: Keeping in touch with parents.
ru-r: Педагогическое образование и медицинская книжка.
en-r: An early childhood education qualification.

teaching_assistant education kindergarten,school 30-50 2 e
ru: Помощник воспитателя | Младший воспитатель
en: Teaching assistant | Kindergarten assistant
ru-d: Помощь воспитателю в организации дня.
ru-d: Поддержание порядка в группе и помощь детям во время еды.
en-d: Supporting the teacher during the day.
en-d: Keeping the group room tidy and helping children at mealtimes.
ru-r: Аккуратность и любовь к детям.
en-r: Enjoys working with children.

vocational_instructor education college 45-85 1 s
ru: Мастер производственного обучения | Преподаватель спецдисциплин
en: Vocational instructor | Vocational teacher
ru-d: Проведение практических занятий со студентами колледжа.
ru-d: Организация производственной практики.
en-d: Leading practical classes for vocational students.
en-d: Organising work placements.
ru-r: Профильное образование и опыт работы в отрасли.
en-r: A qualification and work experience in the trade.

club_instructor education school,college 35-70 1 s
ru: Педагог дополнительного образования | Руководитель кружка робототехники
en: After-school activity teacher | Robotics club instructor
ru-d: Проведение занятий кружка для детей.
ru-d: Подготовка детей к выставкам и соревнованиям.
en-d: Running after-school club sessions for children.
en-d: Preparing children for exhibitions and competitions.
ru-r: Опыт работы с детьми.
en-r: Experience working with children.

school_psychologist education school,kindergarten 40-80 1 p
ru: Педагог-психолог | Школьный психолог
en: School psychologist | Educational psychologist
ru-d: Психологическая диагностика и консультирование учащихся.
ru-d: Работа с родителями и педагогами.
en-d: Assessing and counselling pupils.
en-d: Working with parents and teachers.
ru-r: Высшее психологическое образование.
en-r: A degree in psychology.

librarian education school,college 30-55 1 s
ru: Библиотекарь | Библиотекарь школьной библиотеки
en: Librarian | School librarian
ru-d: Обслуживание читателей и выдача книг.
ru-d: Ведение электронного каталога.
en-d: Serving readers and lending books.
en-d: Keeping the electronic catalogue.
ru-r: Уверенный пользователь ПК.
en-r: Good computer skills.

salesperson retail retail 40-80 5 e
ru: Продавец-консультант | Продавец | Старший продавец
en: Sales assistant | Shop assistant | Retail sales associate
ru-d: Консультирование покупателей и помощь в выборе товара.
ru-d: Выкладка товара и поддержание порядка в торговом зале.
en-d: Advising customers and helping them choose products.
en-d: Displaying goods and keeping the shop floor tidy.
ru-r: Грамотная речь и клиентоориентированность.
en-r: Good communication skills and a customer-first attitude.

cashier retail retail,catering 38-65 4 e
ru: Кассир | Продавец-кассир | Кассир торгового зала
en: Cashier | Checkout operator
ru-d: Расчёт покупателей на кассе.
ru-d: Работа с кассовым оборудованием и терминалом оплаты.
en-d: Serving customers at the checkout.
en-d: Handling the till and card payments.
ru-r: Внимательность при работе с деньгами.
en-r: Accuracy when handling money.

merchandiser field retail,office 40-70 2 e
ru: Мерчендайзер
en: Merchandiser | Field merchandiser
ru-d: Выкладка продукции в торговых точках по планограмме.
ru-d: Контроль ценников и остатков товара.
en-d: Arranging products in stores according to planograms.
en-d: Checking price tags and stock levels.
ru-r: Наличие личного автомобиля будет плюсом.
en-r: A driving licence is a plus.

store_manager retail retail 70-140 1 p
ru: Директор магазина | Администратор магазина | Заместитель директора магазина
en: Store manager | Shift manager | Assistant store manager
ru-d: Руководство персоналом магазина и составление графиков работы.
ru-d: Контроль выполнения плана продаж и товарных остатков.
en-d: Leading the store team and planning shifts.
en-d: Tracking sales targets and stock.
ru-r: Опыт управления коллективом в рознице.
en-r: Experience managing a retail team.

shelf_stacker retail retail 35-60 2 e
ru: Выкладчик товара | Работник торгового зала | Ночной выкладчик
en: Shelf stacker | Stock replenishment assistant | Night shelf stacker
ru-d: Выкладка товара на полки и ротация по срокам годности.
ru-d: Проверка ценников.
en-d: Stocking shelves and rotating products by expiry date.
en-d: Checking price labels.
ru-r: Готовность к работе в ночные смены.
en-r: Ready to work night shifts.

sales_representative field office,food_prod 60-130 2 s
ru: Торговый представитель | Торговый агент
en: Sales representative | Field sales agent
ru-d: Работа с торговыми точками на закреплённой территории.
ru-d: Приём заказов и контроль дебиторской задолженности.
en-d: Visiting retail outlets in your area.
en-d: Taking orders and following up on payments.
ru-r: Водительское удостоверение категории B.
en-r: Driving licence (category B).

sales_manager office office,it,factory 60-150 3 s
ru: Менеджер по продажам | Менеджер по работе с клиентами | Руководитель отдела продаж
en: Sales manager | Account manager | Head of sales
ru-d: Поиск новых клиентов и ведение переговоров.
ru-d: Ведение клиентской базы в CRM.
en-d: Finding new customers and negotiating deals.
en-d: Keeping the customer base up to date in the CRM.
ru-r: Опыт активных продаж.
en-r: Experience in active sales.

cook hospitality catering,hotel 45-100 5 s
ru: Повар | Повар горячего цеха | Повар-универсал
en: Cook | Line cook | Chef de partie
ru-d: Приготовление блюд по технологическим картам.
ru-d: Заготовка продуктов и контроль сроков хранения.
en-d: Preparing dishes according to recipe cards.
en-d: Prepping ingredients and checking storage dates.
ru-r: Профильное образование и медицинская книжка.
en-r: Culinary training and a food hygiene certificate.

head_chef hospitality catering,hotel 90-180 1 s
ru: Шеф-повар | Су-шеф
en: Head chef | Sous chef
ru-d: Руководство работой кухни и составление меню.
ru-d: Расчёт себестоимости блюд и заказ продуктов.
en-d: Running the kitchen and planning the menu.
en-d: Costing dishes and ordering supplies.
ru-r: Опыт руководства кухней.
en-r: Experience running a professional kitchen.

kitchen_porter hospitality catering,hotel 35-55 2 e
ru: Кухонный работник | Мойщик посуды | Кухонный рабочий
en: Kitchen porter | Dishwasher | Kitchen assistant
ru-d: Мытьё посуды и кухонного инвентаря.
ru-d: Помощь поварам в подготовке продуктов.
en-d: Washing dishes and kitchen equipment.
en-d: Helping the cooks with food preparation.
ru-r: Медицинская книжка или готовность её оформить.
en-r: Reliable and quick to learn.

waiter hospitality catering,hotel 35-70 3 e
ru: Официант | Официант-бармен | Старший официант
en: Waiter | Waiting staff | Server
ru-d: Обслуживание гостей ресторана.
ru-d: Приём заказов и расчёт гостей.
en-d: Serving guests in the restaurant.
en-d: Taking orders and handling payments.
ru-r: Доброжелательность и опрятный внешний вид.
en-r: A friendly manner and a neat appearance.

barista hospitality catering 35-65 2 e
ru: Бариста | Бармен | Бармен-бариста
en: Barista | Bartender
ru-d: Приготовление кофе и напитков.
ru-d: Поддержание чистоты на барной стойке.
en-d: Making coffee and drinks.
en-d: Keeping the bar clean.
ru-r: Готовность учиться и работать в быстром темпе.
en-r: Willing to learn and to work at a fast pace.

hotel_receptionist hospitality hotel 40-75 1 s
ru: Администратор гостиницы | Портье | Администратор службы приёма и размещения
en: Hotel receptionist | Front desk agent
ru-d: Заселение и выселение гостей.
ru-d: Бронирование номеров и ответы на вопросы гостей.
en-d: Checking guests in and out.
en-d: Handling bookings and guest enquiries.
ru-r: Знание английского языка на разговорном уровне.
en-r: Good spoken English; another language is an advantage.

room_attendant hospitality hotel 35-55 1 e
ru: Горничная | Горничная в гостиницу
en: Room attendant | Housekeeper
ru-d: Уборка номеров и смена постельного белья.
ru-d: Пополнение номеров расходными материалами.
en-d: Cleaning rooms and changing bed linen.
en-d: Restocking room supplies.
ru-r: Аккуратность и ответственность.
en-r: Thorough and reliable.

tour_guide hospitality hotel,office 35-70 1 s seasonal
ru: Экскурсовод | Гид-экскурсовод
en: Tour guide | City guide
ru-d: Проведение обзорных и тематических экскурсий.
ru-d: Сопровождение туристических групп.
en-d: Leading city and themed tours.
en-d: Accompanying tourist groups.
ru-r: Грамотная речь и знание истории края.
en-r: Excellent communication skills and knowledge of local history.

cleaner services cleaning,retail,hospital 30-55 5 e
ru: Уборщик | Уборщик производственных помещений | Уборщица
en: Cleaner | Office cleaner | Industrial cleaner
ru-d: Влажная уборка помещений.
ru-d: Вынос мусора и уборка санузлов.
en-d: Cleaning offices and common areas.
en-d: Emptying bins and cleaning washrooms.
ru-r: Ответственность и аккуратность.
en-r: Reliable and thorough.

groundskeeper services utilities 30-50 2 e
ru: Дворник | Рабочий по благоустройству
en: Groundskeeper | Caretaker | Outdoor maintenance worker
ru-d: Уборка придомовой территории.
ru-d: Уборка снега и посыпка дорожек зимой.
en-d: Cleaning outdoor areas around buildings.
en-d: Clearing snow and gritting paths in winter.
ru-r: Готовность работать на улице в любую погоду.
en-r: Happy to work outdoors in all weather.

hairdresser services beauty 40-100 2 s
ru: Парикмахер | Парикмахер-универсал | Барбер
en: Hairdresser | Barber | Hair stylist
ru-d: Стрижки, окрашивание и укладки.
ru-d: Консультирование клиентов по уходу за волосами.
en-d: Cutting, colouring and styling hair.
en-d: Advising clients on hair care.
ru-r: Документ об обучении парикмахерскому искусству и портфолио.
en-r: A hairdressing qualification and a portfolio.

nail_technician services beauty 40-90 1 s
ru: Мастер маникюра | Мастер ногтевого сервиса
en: Nail technician | Manicurist
ru-d: Маникюр, педикюр и покрытие гель-лаком.
ru-d: Стерилизация инструментов по санитарным нормам.
en-d: Manicures, pedicures and gel polish.
en-d: Sterilising tools according to hygiene rules.
ru-r: Опыт работы и портфолио работ.
en-r: Experience and a portfolio of work.

laundry_worker services cleaning,hospital,hotel 35-55 1 e
ru: Оператор прачечной | Оператор стиральных машин | Гладильщица
en: Laundry operative | Laundry assistant
ru-d: Стирка, сушка и глажение белья.
ru-d: Сортировка и выдача белья.
en-d: Washing, drying and ironing linen.
en-d: Sorting and issuing linen.
ru-r: Готовность к работе на ногах.
en-r: Comfortable standing for long periods.

car_wash_attendant services auto 35-65 1 e
ru: Мойщик автомобилей | Автомойщик | Детейлер
en: Car wash attendant | Car valeter
ru-d: Мойка автомобилей и химчистка салона.
ru-d: Полировка кузова и нанесение защитных покрытий.
en-d: Washing cars and cleaning interiors.
en-d: Polishing and applying protective coatings.
ru-r: Опыт работы на автомойке будет плюсом.
en-r: Car wash experience is a plus.

gardener services utilities,agro 35-65 1 e seasonal
ru: Садовник | Озеленитель | Рабочий зелёного хозяйства
en: Gardener | Landscaping worker
ru-d: Посадка растений и уход за газонами.
ru-d: Обрезка деревьев и кустарников.
en-d: Planting and caring for plants and lawns.
en-d: Pruning trees and shrubs.
ru-r: Опыт работы с садовой техникой.
en-r: Experience with garden machinery.

fitness_instructor services sport 45-110 1 s
ru: Фитнес-тренер | Инструктор тренажёрного зала | Инструктор по плаванию
en: Fitness instructor | Personal trainer | Swimming instructor
ru-d: Проведение групповых и персональных тренировок.
ru-d: Консультирование клиентов по программам тренировок.
en-d: Leading group and personal training sessions.
en-d: Advising clients on training programmes.
ru-r: Профильное образование в области физической культуры.
en-r: A fitness or sports qualification.

security_guard security security,retail,factory 40-80 4 e
ru: Охранник | Охранник 4 разряда | Сотрудник охраны
en: Security guard | Security officer | Night security guard
ru-d: Контроль пропускного режима на объекте.
ru-d: Обход территории и наблюдение за порядком.
en-d: Controlling access to the site.
en-d: Patrolling the premises.
ru-r: Удостоверение частного охранника.
en-r: A valid security licence.

cctv_operator security security,retail 40-70 1 e
ru: Оператор видеонаблюдения | Оператор пульта охраны
en: CCTV operator | Security control room operator
ru-d: Наблюдение за объектами по камерам видеонаблюдения.
ru-d: Вызов группы быстрого реагирования при срабатывании сигнализации.
en-d: Monitoring sites through CCTV cameras.
en-d: Calling the response team when an alarm goes off.
ru-r: Внимательность и умение работать с несколькими мониторами.
en-r: Attentive and comfortable working with several screens.

watchman security utilities,school,factory 30-45 2 e
ru: Сторож | Вахтёр | Сторож-вахтёр
en: Watchman | Concierge | Night watchman
ru-d: Охрана здания в ночное время.
ru-d: Приём и выдача ключей, ведение журнала посетителей.
en-d: Guarding the building at night.
en-d: Handing out keys and keeping the visitor log.
ru-r: Ответственность и пунктуальность.
en-r: Reliable and punctual.

fire_safety_officer security factory,security,office 55-100 1 s
ru: Специалист по пожарной безопасности | Инструктор по пожарной профилактике
en: Fire safety officer | Fire safety inspector
ru-d: Контроль соблюдения требований пожарной безопасности.
ru-d: Проведение инструктажей и учебных эвакуаций.
en-d: Checking compliance with fire safety rules.
en-d: Running fire drills and safety briefings.
ru-r: Профильное образование в области пожарной безопасности.
en-r: A fire safety qualification.

builder construction construction 50-100 4 e
ru: Строитель | Рабочий-строитель | Строитель-универсал
en: Construction worker | Builder | Building labourer
ru-d: Общестроительные работы на объекте.
ru-d: Подготовка строительных материалов и рабочей площадки.
en-d: General construction work on site.
en-d: Preparing materials and the work area.
ru-r: Опыт работы на стройке будет плюсом.
en-r: Construction site experience is a plus.

bricklayer construction construction 60-130 2 s
ru: Каменщик | Каменщик-облицовщик
en: Bricklayer | Stonemason
ru-d: Кладка стен и перегородок из кирпича и блоков.
ru-d: Облицовка фасадов.
en-d: Building walls and partitions with bricks and blocks.
en-d: Facing facades.
ru-r: Опыт кирпичной кладки.
en-r: Experience in bricklaying.

concrete_worker construction construction 55-115 1 s
ru: Бетонщик | Бетонщик-арматурщик | Арматурщик
en: Concrete worker | Steel fixer
ru-d: Вязка арматуры и установка опалубки.
ru-d: Приём и укладка бетонной смеси.
en-d: Fixing rebar and installing formwork.
en-d: Pouring and finishing concrete.
ru-r: Умение читать рабочие чертежи.
en-r: Able to read construction drawings.

carpenter construction construction,factory 55-115 2 s
ru: Плотник | Плотник-опалубщик | Плотник-столяр
en: Carpenter | Formwork carpenter
ru-d: Изготовление и монтаж деревянных конструкций.
ru-d: Монтаж опалубки.
en-d: Building and installing timber structures.
en-d: Installing formwork.
ru-r: Наличие собственного ручного инструмента.
en-r: Your own hand tools.

finisher construction construction 50-110 2 s
ru: Штукатур-маляр | Отделочник | Маляр-штукатур
en: Plasterer | Painter and decorator | Finishing worker
ru-d: Штукатурка и шпаклёвка стен и потолков.
ru-d: Покраска стен и поклейка обоев.
en-d: Plastering and filling walls and ceilings.
en-d: Painting and wallpapering.
ru-r: Опыт отделочных работ.
en-r: Experience in interior finishing.

plumber construction utilities,construction 50-110 3 s
ru: Сантехник | Слесарь-сантехник | Монтажник сантехнических систем
en: Plumber | Plumbing technician | Heating and plumbing installer
ru-d: Монтаж и ремонт систем водоснабжения, канализации и отопления.
ru-d: Устранение аварий и протечек.
en-d: Installing and repairing water, drainage and heating systems.
en-d: Fixing leaks and emergency breakdowns.
ru-r: Опыт работы с металлическими и полипропиленовыми трубами.
en-r: Experience with metal and plastic pipework.

electrician construction construction,energy 60-130 4 s
ru: Электромонтажник | Электромонтажник по силовым сетям | Электрик
en: Electrician | Installation electrician | Electrical fitter
ru-d: Монтаж кабельных линий, щитов и осветительного оборудования.
ru-d: Подключение и проверка электрооборудования.
en-d: Installing cables, switchboards and lighting.
en-d: Connecting and testing electrical equipment.
ru-r: Группа по электробезопасности не ниже III.
en-r: An electrical qualification and a valid authorisation.

roofer construction construction 55-110 1 s seasonal
ru: Кровельщик | Кровельщик по мягкой кровле
en: Roofer | Flat roofer
ru-d: Монтаж и ремонт кровли.
ru-d: Укладка гидроизоляции и утеплителя.
en-d: Installing and repairing roofs.
en-d: Laying waterproofing and insulation.
ru-r: Допуск к работам на высоте.
en-r: A certificate for working at height.

tiler construction construction 60-130 1 s
ru: Плиточник | Плиточник-облицовщик
en: Tiler | Wall and floor tiler
ru-d: Укладка плитки и керамогранита.
ru-d: Подготовка поверхностей под облицовку.
en-d: Laying tiles and porcelain stoneware.
en-d: Preparing surfaces for tiling.
ru-r: Опыт работы и фотографии выполненных объектов.
en-r: Experience and examples of previous work.

hvac_technician construction construction,utilities 60-130 1 s
ru: Монтажник систем вентиляции и кондиционирования | Монтажник ОВиК
en: HVAC technician | Ventilation installer
ru-d: Монтаж систем вентиляции и кондиционирования.
ru-d: Пусконаладка и сервисное обслуживание оборудования.
en-d: Installing ventilation and air-conditioning systems.
en-d: Commissioning and servicing equipment.
ru-r: Допуск к работе с хладагентами будет плюсом.
en-r: F-gas certification is an advantage.

road_worker construction construction,utilities 50-95 1 e seasonal
ru: Дорожный рабочий | Асфальтобетонщик
en: Road worker | Asphalt worker
ru-d: Укладка асфальта и ремонт дорожного покрытия.
ru-d: Установка бордюров и дорожных знаков.
en-d: Laying asphalt and repairing road surfaces.
en-d: Installing kerbs and road signs.
ru-r: Готовность к работе на открытом воздухе.
en-r: Happy to work outdoors.

site_manager construction construction 100-220 1 p
ru: Прораб | Мастер строительно-монтажных работ | Начальник участка
en: Site manager | Construction foreman
ru-d: Организация работ на строительном объекте.
ru-d: Контроль сроков, качества и соблюдения техники безопасности.
en-d: Running work on the construction site.
en-d: Overseeing schedules, quality and safety.
ru-r: Высшее строительное образование.
en-r: A degree in construction or civil engineering.

civil_engineer office construction 80-170 1 p
ru: Инженер ПТО | Инженер-сметчик | Инженер-проектировщик
en: Civil engineer | Quantity surveyor | Building design engineer
ru-d: Подготовка проектной и исполнительной документации.
ru-d: Составление смет и проверка объёмов работ.
en-d: Preparing project and as-built documentation.
en-d: Estimating costs and checking quantities.
ru-r: Знание AutoCAD и сметных программ.
en-r: Good knowledge of AutoCAD and cost estimating software.

steel_erector construction construction,metal 60-130 1 s
ru: Монтажник металлоконструкций | Монтажник
en: Steel erector | Structural steel installer
ru-d: Монтаж металлоконструкций на высоте.
ru-d: Сборка конструкций на болтовых соединениях.
en-d: Erecting steel structures at height.
en-d: Bolting structural connections.
ru-r: Допуск к работам на высоте.
en-r: A certificate for working at height.

surveyor construction construction 70-140 1 p
ru: Геодезист | Инженер-геодезист
en: Land surveyor | Surveying engineer
ru-d: Геодезическая разбивка и исполнительная съёмка.
ru-d: Работа с тахеометром и GNSS-приёмником.
en-d: Setting out and as-built surveys.
en-d: Working with a total station and a GNSS receiver.
ru-r: Профильное образование и опыт работы на стройке.
en-r: A surveying qualification and site experience.

accountant office office,factory,retail 55-140 4 p
ru: Бухгалтер | Бухгалтер по расчёту заработной платы | Главный бухгалтер
en: Accountant | Senior accountant | Payroll accountant
ru-d: Ведение бухгалтерского и налогового учёта.
ru-d: Подготовка отчётности и работа с первичными документами.
en-d: Bookkeeping and tax accounting.
en-d: Preparing reports and handling primary documents.
ru-r: Знание 1С: Бухгалтерия и действующего законодательства.
en-r: Good knowledge of accounting software and local tax rules.

economist office office,factory 60-140 1 p
ru: Экономист | Финансовый аналитик | Ведущий экономист
en: Economist | Financial analyst
ru-d: Планирование бюджета и анализ затрат.
ru-d: Подготовка управленческой отчётности.
en-d: Budget planning and cost analysis.
en-d: Preparing management reports.
ru-r: Высшее экономическое образование, уверенное знание Excel.
en-r: A degree in economics or finance and strong Excel skills.

hr_specialist office office,factory,retail 55-120 2 p
ru: Специалист по кадрам | Менеджер по персоналу | HR-менеджер
en: HR specialist | Recruiter | HR manager
ru-d: Кадровое делопроизводство и ведение личных дел.
ru-d: Подбор персонала и проведение собеседований.
en-d: HR administration and personnel records.
en-d: Recruiting and interviewing candidates.
ru-r: Знание трудового законодательства.
en-r: Knowledge of employment law.

office_administrator office office,clinic,it 40-80 3 s onsite
ru: Офис-менеджер | Администратор офиса | Секретарь
en: Office administrator | Receptionist | Office manager
ru-d: Приём звонков и встреча посетителей.
ru-d: Документооборот и заказ канцелярских товаров.
en-d: Answering calls and welcoming visitors.
en-d: Handling documents and ordering office supplies.
ru-r: Грамотная речь и уверенное владение ПК.
en-r: Clear communication and good computer skills.

lawyer office office 70-170 1 p
ru: Юрист | Юрисконсульт | Ведущий юрисконсульт
en: Legal adviser | Lawyer | Legal counsel
ru-d: Договорная работа и правовая экспертиза документов.
ru-d: Представление интересов компании в суде.
en-d: Drafting and reviewing contracts.
en-d: Representing the company in court.
ru-r: Высшее юридическое образование.
en-r: A law degree.

call_centre_operator contact callcentre,telecom,bank 35-70 4 e
ru: Оператор call-центра | Оператор колл-центра | Специалист контакт-центра
en: Call centre operator | Customer service agent | Contact centre agent
ru-d: Консультирование клиентов по телефону и в чате.
ru-d: Оформление заявок и обращений в CRM.
en-d: Answering customer calls and chats.
en-d: Logging requests in the CRM.
ru-r: Грамотная речь и уверенное владение ПК.
en-r: Clear speech and good typing skills.

data_entry_clerk office office 35-60 1 e remote
ru: Оператор ПК | Оператор ввода данных
en: Data entry clerk | Data entry operator
ru-d: Ввод и проверка данных в учётной системе.
ru-d: Сканирование и архивирование документов.
en-d: Entering and checking data in the system.
en-d: Scanning and filing documents.
ru-r: Быстрый набор текста и внимательность.
en-r: Fast, accurate typing.

project_manager office office,it,construction 100-220 1 p
ru: Руководитель проектов | Менеджер проектов
en: Project manager | IT project manager
ru-d: Планирование проектов и контроль сроков и бюджета.
ru-d: Координация работы команды и подрядчиков.
en-d: Planning projects and tracking time and budget.
en-d: Coordinating the team and contractors.
ru-r: Опыт управления проектами от начала до запуска.
en-r: Proven experience delivering projects.

marketing_specialist office office,retail,it 60-140 1 p remote
ru: Маркетолог | SMM-специалист | Интернет-маркетолог
en: Marketing specialist | Social media manager | Digital marketer
ru-d: Разработка и проведение маркетинговых кампаний.
ru-d: Анализ рынка и конкурентов.
en-d: Planning and running marketing campaigns.
en-d: Analysing the market and competitors.
ru-r: Опыт ведения рекламных кампаний в интернете.
en-r: Experience with online advertising.

translator office office 50-110 1 p remote
ru: Переводчик | Переводчик английского языка
en: Translator | Russian–English translator
ru-d: Письменный перевод технической и деловой документации.
ru-d: Редактирование переводов.
en-d: Translating technical and business documents.
en-d: Editing and proofreading translations.
ru-r: Свободное владение английским языком.
en-r: Fluent English and Russian.

bank_adviser office bank 50-100 2 s onsite
ru: Специалист по обслуживанию клиентов банка | Кредитный специалист | Операционист
en: Bank customer adviser | Loan officer | Bank teller
ru-d: Консультирование клиентов по банковским продуктам.
ru-d: Оформление вкладов, карт и кредитов.
en-d: Advising customers on banking products.
en-d: Opening accounts, issuing cards and arranging loans.
ru-r: Опыт работы в продажах или обслуживании клиентов.
en-r: Experience in sales or customer service.

social_specialist office social 40-70 1 p onsite
ru: Специалист по социальной работе | Специалист центра занятости
en: Social worker | Employment counsellor
ru-d: Консультирование граждан по мерам социальной поддержки.
ru-d: Приём документов и ведение личных дел.
en-d: Advising people on social support.
en-d: Handling applications and case files.
ru-r: Высшее образование и уверенное владение ПК.
en-r: A degree and good computer skills.

programmer it it,office,bank 90-240 4 p
ru: Программист | Программист 1С | Разработчик Python | Ведущий программист
en: Software developer | Python developer | Junior developer | Senior software engineer
ru-d: Разработка и сопровождение программного обеспечения.
ru-d: Участие в код-ревью и написание тестов.
en-d: Developing and maintaining software.
en-d: Taking part in code reviews and writing tests.
ru-r: Опыт коммерческой разработки и работы с Git.
en-r: Commercial development experience and Git.

frontend_developer it it 90-220 2 p
ru: Frontend-разработчик | Веб-разработчик
en: Front-end developer | Web developer
ru-d: Разработка интерфейсов веб-приложений.
ru-d: Вёрстка по макетам и оптимизация производительности.
en-d: Building user interfaces for web applications.
en-d: Turning designs into responsive pages.
ru-r: Знание JavaScript, TypeScript и React.
en-r: JavaScript, TypeScript and React.

qa_engineer it it,bank 70-170 2 p
ru: Тестировщик | Инженер по тестированию | QA-инженер
en: QA engineer | Software tester | Test automation engineer
ru-d: Ручное и автоматизированное тестирование приложений.
ru-d: Составление тест-кейсов и описание дефектов.
en-d: Manual and automated testing of applications.
en-d: Writing test cases and reporting bugs.
ru-r: Понимание процесса разработки и основ SQL.
en-r: Understanding of the development process and basic SQL.

system_administrator it it,office,factory 70-160 2 s
ru: Системный администратор | Администратор Linux
en: System administrator | Linux administrator
ru-d: Администрирование серверов и локальной сети.
ru-d: Резервное копирование и обеспечение информационной безопасности.
en-d: Managing servers and the local network.
en-d: Running backups and keeping systems secure.
ru-r: Опыт администрирования Windows Server и Linux.
en-r: Experience with Windows Server and Linux.

helpdesk_specialist it it,office,telecom 45-90 2 e
ru: Специалист технической поддержки | Инженер технической поддержки
en: IT helpdesk specialist | Technical support agent | IT support technician
ru-d: Помощь пользователям в решении технических проблем.
ru-d: Настройка рабочих мест и оргтехники.
en-d: Helping users with technical problems.
en-d: Setting up workstations and printers.
ru-r: Базовые знания сетей и операционных систем.
en-r: Basic knowledge of networks and operating systems.

data_analyst it it,office,bank 100-220 1 p
ru: Аналитик данных | Бизнес-аналитик | BI-аналитик
en: Data analyst | Business analyst | BI analyst
ru-d: Сбор и анализ данных, подготовка отчётов.
ru-d: Построение дашбордов и описание бизнес-требований.
en-d: Collecting and analysing data and preparing reports.
en-d: Building dashboards and documenting requirements.
ru-r: Уверенное знание SQL и Excel, опыт работы с Python будет плюсом.
en-r: Strong SQL and Excel skills; Python is a plus.

designer it it,office 60-150 1 s
ru: Графический дизайнер | Веб-дизайнер | UX/UI-дизайнер
en: Graphic designer | Web designer | UX/UI designer
ru-d: Разработка макетов для сайта и рекламных материалов.
ru-d: Подготовка файлов к печати.
en-d: Designing layouts for the website and marketing materials.
en-d: Preparing files for print.
ru-r: Портфолио и знание Figma или Adobe Illustrator.
en-r: A portfolio and skills in Figma or Adobe Illustrator.

devops_engineer it it,bank 150-250 1 p
ru: DevOps-инженер | Инженер по эксплуатации
en: DevOps engineer | Site reliability engineer
ru-d: Настройка CI/CD и сопровождение инфраструктуры.
ru-d: Мониторинг и автоматизация развёртывания.
en-d: Building CI/CD pipelines and running infrastructure.
en-d: Monitoring and automating deployments.
ru-r: Опыт работы с Docker, Kubernetes и Linux.
en-r: Experience with Docker, Kubernetes and Linux.

network_engineer it telecom,it 70-150 1 p
ru: Сетевой инженер | Инженер связи
en: Network engineer | Telecom technician
ru-d: Монтаж и настройка сетевого оборудования.
ru-d: Поиск и устранение неисправностей сети.
en-d: Installing and configuring network equipment.
en-d: Troubleshooting network faults.
ru-r: Знание стека TCP/IP и опыт настройки коммутаторов.
en-r: Knowledge of TCP/IP and switch configuration.

boiler_operator energy energy,utilities 40-75 1 s
ru: Оператор котельной | Машинист котельной
en: Boiler operator | Boiler room attendant
ru-d: Обслуживание котлов и вспомогательного оборудования.
ru-d: Контроль параметров работы и ведение журнала.
en-d: Running boilers and auxiliary equipment.
en-d: Monitoring readings and keeping the log.
ru-r: Удостоверение оператора котельной.
en-r: A boiler operator certificate.

instrument_technician energy energy,factory 55-110 1 s
ru: Слесарь КИПиА | Наладчик КИПиА
en: Instrumentation technician | Control systems technician
ru-d: Обслуживание и ремонт контрольно-измерительных приборов.
ru-d: Поверка и настройка датчиков.
en-d: Servicing and repairing instruments.
en-d: Calibrating sensors.
ru-r: Профильное образование и опыт работы с приборами.
en-r: A relevant qualification and experience with instruments.

power_line_electrician energy energy 60-120 1 s
ru: Электромонтёр по обслуживанию подстанций | Электромонтёр линейных сооружений
en: Substation electrician | Power line worker
ru-d: Обслуживание подстанций и линий электропередачи.
ru-d: Выполнение оперативных переключений.
en-d: Maintaining substations and power lines.
en-d: Carrying out switching operations.
ru-r: Группа по электробезопасности не ниже IV.
en-r: A high-voltage electrical qualification.

miner energy mining 80-180 1 s
ru: Горнорабочий | Машинист горных выемочных машин
en: Miner | Mining machine operator
ru-d: Горные работы в шахте или на карьере.
ru-d: Обслуживание горной техники.
en-d: Underground or open-pit mining work.
en-d: Operating and maintaining mining equipment.
ru-r: Годность по состоянию здоровья.
en-r: A medical check is required.
"""

# Schedules per sector: weights of remote, part_time, full_time, shift and unknown (None).
SCHEDULE_WEIGHTS: dict[str, tuple[int, int, int, int, int]] = {
    "factory": (0, 3, 45, 47, 5),
    "transport": (0, 4, 50, 41, 5),
    "logistics": (0, 10, 45, 40, 5),
    "health": (0, 10, 40, 45, 5),
    "education": (3, 20, 72, 0, 5),
    "retail": (0, 22, 38, 35, 5),
    "hospitality": (0, 15, 35, 45, 5),
    "services": (0, 25, 45, 25, 5),
    "security": (0, 3, 15, 77, 5),
    "construction": (0, 3, 62, 30, 5),
    "agriculture": (0, 5, 55, 35, 5),
    "office": (15, 10, 70, 0, 5),
    "field": (0, 15, 80, 0, 5),
    "contact": (30, 15, 15, 35, 5),
    "it": (45, 5, 45, 0, 5),
    "energy": (0, 2, 35, 58, 5),
}
SCHEDULE_CHOICES: tuple[str | None, ...] = (*SCHEDULES, None)

# Employment per sector: weights of permanent, temporary, seasonal ("seasonal" occupations
# use SEASONAL_EMPLOYMENT whatever their sector).
EMPLOYMENT_WEIGHTS: dict[str, tuple[int, int, int]] = {
    "agriculture": (55, 15, 30),
    "construction": (72, 18, 10),
    "hospitality": (76, 14, 10),
    "services": (82, 13, 5),
    "retail": (82, 14, 4),
    "education": (88, 12, 0),
    "it": (82, 18, 0),
    "office": (86, 14, 0),
}
DEFAULT_EMPLOYMENT = (85, 13, 2)
SEASONAL_EMPLOYMENT = (30, 15, 55)

# Sentences any occupation of a sector may add to its duties.
SECTOR_DUTIES: dict[str, dict[str, tuple[str, ...]]] = {
    "factory": {
        "ru": (
            "Соблюдение требований охраны труда и техники безопасности.",
            "Поддержание порядка на рабочем месте.",
        ),
        "en": ("Following health and safety rules.", "Keeping the workplace clean and orderly."),
    },
    "transport": {
        "ru": ("Соблюдение требований охраны труда.", "Ведение отчётной документации."),
        "en": ("Following health and safety rules.", "Keeping work records up to date."),
    },
    "logistics": {
        "ru": ("Работа со сканером штрихкодов.", "Соблюдение требований охраны труда."),
        "en": ("Working with a barcode scanner.", "Following health and safety rules."),
    },
    "health": {
        "ru": ("Ведение необходимой документации.", "Соблюдение санитарных норм и правил."),
        "en": ("Keeping records up to date.", "Following infection control procedures."),
    },
    "education": {
        "ru": (
            "Участие в жизни образовательной организации.",
            "Ведение установленной документации.",
        ),
        "en": ("Taking part in the life of the school.", "Keeping the required records."),
    },
    "retail": {
        "ru": ("Участие в инвентаризациях.", "Соблюдение стандартов обслуживания."),
        "en": ("Taking part in stocktakes.", "Following the service standards."),
    },
    "hospitality": {
        "ru": ("Соблюдение санитарных норм.", "Поддержание чистоты на рабочем месте."),
        "en": ("Following hygiene and safety rules.", "Keeping the work area clean."),
    },
    "services": {
        "ru": ("Соблюдение санитарных норм.", "Поддержание порядка на рабочем месте."),
        "en": ("Following hygiene rules.", "Keeping the workplace tidy."),
    },
    "security": {
        "ru": (
            "Ведение журнала дежурств.",
            "Взаимодействие с экстренными службами при необходимости.",
        ),
        "en": ("Keeping the duty log.", "Liaising with emergency services when needed."),
    },
    "construction": {
        "ru": ("Работа на объектах в городе и области.", "Соблюдение требований охраны труда."),
        "en": ("Work on sites in the city and nearby.", "Following health and safety rules."),
    },
    "agriculture": {
        "ru": ("Соблюдение требований охраны труда.", "Интенсивная работа в сезон."),
        "en": ("Following health and safety rules.", "Intensive work during the season."),
    },
    "office": {
        "ru": (
            "Работа в системе электронного документооборота.",
            "Взаимодействие с другими подразделениями компании.",
        ),
        "en": ("Working with electronic document management.", "Working with other departments."),
    },
    "field": {
        "ru": ("Ведение отчётности в мобильном приложении.", "Разъездной характер работы."),
        "en": ("Reporting through a mobile app.", "Travelling between clients every day."),
    },
    "contact": {
        "ru": ("Работа по скриптам и стандартам качества.", "Обучение продуктам компании."),
        "en": ("Working to scripts and quality standards.", "Learning the company's products."),
    },
    "it": {
        "ru": ("Работа в команде по гибкой методологии.", "Ведение технической документации."),
        "en": ("Working in an agile team.", "Writing technical documentation."),
    },
    "energy": {
        "ru": (
            "Соблюдение правил технической эксплуатации оборудования.",
            "Соблюдение требований охраны труда.",
        ),
        "en": ("Following equipment operating rules.", "Following health and safety rules."),
    },
}

# Experience and education, by level.
LEVEL_REQUIREMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "e": {
        "ru": (
            "Опыт работы не требуется, обучение на рабочем месте.",
            "Рассмотрим кандидатов без опыта работы.",
            "Опыт работы приветствуется, но не обязателен.",
        ),
        "en": (
            "No experience needed: training is given on the job.",
            "Candidates without experience are welcome.",
            "Experience is welcome but not required.",
        ),
    },
    "s": {
        "ru": (
            "Опыт работы по специальности от 1 года.",
            "Опыт работы по специальности от 2 лет.",
            "Среднее профессиональное образование.",
            "Опыт работы от 3 лет.",
            "Рассмотрим выпускников колледжей.",
        ),
        "en": (
            "At least one year of relevant experience.",
            "At least two years of relevant experience.",
            "A vocational qualification in the field.",
            "Three or more years of experience.",
            "Recent vocational graduates are welcome.",
        ),
    },
    "p": {
        "ru": (
            "Высшее образование по специальности.",
            "Опыт работы по специальности от 3 лет.",
            "Опыт работы от 1 года.",
            "Рассмотрим выпускников вузов.",
        ),
        "en": (
            "A university degree in a relevant field.",
            "Three or more years of relevant experience.",
            "At least one year of experience.",
            "Recent graduates are welcome.",
        ),
    },
}
SOFT_SKILLS: dict[str, tuple[str, ...]] = {
    "ru": (
        "Ответственность и пунктуальность.",
        "Умение работать в команде.",
        "Внимательность к деталям.",
        "Готовность к обучению.",
        "Доброжелательность и стрессоустойчивость.",
    ),
    "en": (
        "Reliable and punctual.",
        "A good team player.",
        "Attention to detail.",
        "Willing to learn.",
        "Friendly and calm under pressure.",
    ),
}
HTML_HEADINGS = {
    "ru": ("Обязанности:", "Требования:"),
    "en": ("Duties:", "Requirements:"),
}

# Seniority in a title variant moves the pay off the occupation's band (lower-case substrings).
TITLE_PAY = (
    (("старш", "ведущ", "главн", "заведующ", "руководитель отдела"), 1.25),
    (("senior", "head of", "chief"), 1.25),
    (("junior", "стажёр"), 0.75),
)

# --- Places --------------------------------------------------------------------------------
# (city, region, weight, pay factor)
RUSSIAN_CITIES: tuple[tuple[str, str, float, float], ...] = (
    ("Москва", "Москва", 20, 1.4),
    ("Санкт-Петербург", "Санкт-Петербург", 10, 1.25),
    ("Новосибирск", "Новосибирская область", 4, 1.05),
    ("Екатеринбург", "Свердловская область", 4, 1.1),
    ("Казань", "Республика Татарстан", 4, 1.05),
    ("Набережные Челны", "Республика Татарстан", 1.5, 0.95),
    ("Нижний Новгород", "Нижегородская область", 3, 1.0),
    ("Челябинск", "Челябинская область", 3, 0.95),
    ("Магнитогорск", "Челябинская область", 1, 0.95),
    ("Самара", "Самарская область", 3, 0.95),
    ("Тольятти", "Самарская область", 1.5, 0.9),
    ("Уфа", "Республика Башкортостан", 3, 0.95),
    ("Краснодар", "Краснодарский край", 3, 1.0),
    ("Сочи", "Краснодарский край", 1, 1.05),
    ("Ростов-на-Дону", "Ростовская область", 3, 0.95),
    ("Омск", "Омская область", 2.5, 0.9),
    ("Воронеж", "Воронежская область", 2.5, 0.9),
    ("Пермь", "Пермский край", 2.5, 0.95),
    ("Волгоград", "Волгоградская область", 2.5, 0.9),
    ("Тюмень", "Тюменская область", 2, 1.1),
    ("Сургут", "Ханты-Мансийский автономный округ — Югра", 1, 1.35),
    ("Иркутск", "Иркутская область", 2, 1.0),
    ("Хабаровск", "Хабаровский край", 1.5, 1.15),
    ("Владивосток", "Приморский край", 1.5, 1.15),
    ("Якутск", "Республика Саха (Якутия)", 1, 1.3),
    ("Ярославль", "Ярославская область", 1.5, 0.9),
    ("Тула", "Тульская область", 1.5, 0.9),
    ("Ижевск", "Удмуртская Республика", 1.5, 0.9),
    ("Барнаул", "Алтайский край", 1.5, 0.85),
    ("Ульяновск", "Ульяновская область", 1.2, 0.85),
    ("Томск", "Томская область", 1.2, 0.95),
    ("Оренбург", "Оренбургская область", 1.2, 0.85),
    ("Кемерово", "Кемеровская область — Кузбасс", 1.2, 0.9),
    ("Рязань", "Рязанская область", 1.2, 0.9),
    ("Архангельск", "Архангельская область", 1, 1.05),
    ("Мурманск", "Мурманская область", 1, 1.25),
    ("Калининград", "Калининградская область", 1.2, 0.95),
    ("Череповец", "Вологодская область", 0.8, 0.95),
    ("Великий Новгород", "Новгородская область", 0.8, 0.85),
    ("Подольск", "Московская область", 1.2, 1.2),
    ("Химки", "Московская область", 1.2, 1.2),
)
# (city, region, weight, pay factor, country: how legal forms are written)
EUROPEAN_CITIES: tuple[tuple[str, str, float, float, str], ...] = (
    ("Tallinn", "Harju County", 25, 1.1, "ee"),
    ("Maardu", "Harju County", 2, 0.95, "ee"),
    ("Tartu", "Tartu County", 10, 1.0, "ee"),
    ("Narva", "Ida-Viru County", 6, 0.8, "ee"),
    ("Kohtla-Järve", "Ida-Viru County", 3, 0.8, "ee"),
    ("Jõhvi", "Ida-Viru County", 2, 0.8, "ee"),
    ("Pärnu", "Pärnu County", 5, 0.9, "ee"),
    ("Viljandi", "Viljandi County", 2, 0.85, "ee"),
    ("Rakvere", "Lääne-Viru County", 2, 0.85, "ee"),
    ("Riga", "Riga Region", 10, 0.95, "lv"),
    ("Daugavpils", "Latgale", 3, 0.75, "lv"),
    ("Vilnius", "Vilnius County", 8, 1.0, "lt"),
    ("Kaunas", "Kaunas County", 4, 0.9, "lt"),
    ("Klaipėda", "Klaipėda County", 2, 0.9, "lt"),
    ("Helsinki", "Uusimaa", 6, 1.45, "fi"),
    ("Espoo", "Uusimaa", 2, 1.45, "fi"),
    ("Tampere", "Pirkanmaa", 2, 1.35, "fi"),
    ("Demo City", "Demo Region", 8, 1.0, "demo"),
)
# Legal form and whether it is written before the name.
LEGAL_FORMS: dict[str, tuple[tuple[str, bool], ...]] = {
    "ee": (("OÜ", False), ("OÜ", False), ("AS", False)),
    "lv": (("SIA", True),),
    "lt": (("UAB", True),),
    "fi": (("Oy", False),),
    "demo": (("Ltd", False),),
}

# --- Employers -----------------------------------------------------------------------------
# Russian company names: an adjective agreeing with a noun («Северный металл»,
# «Южная клиника») or a place and a root («Волга-Логистик»). Public bodies use numbered names.
# The parts are chosen so that no well-known real company's name comes out (no bare «завод»
# after «Балтийский», no «сталь», no «Маш» after «Урал»).
RU_ADJECTIVE_STEMS = (
    "Северн", "Южн", "Восточн", "Западн", "Нов", "Светл", "Центральн", "Речн", "Озёрн",
    "Степн", "Таёжн", "Заречн", "Уральск", "Сибирск", "Волжск", "Балтийск", "Камск", "Приокск",
    "Верхневолжск",
)  # fmt: skip
RU_PLACES = (
    "Волга", "Кама", "Урал", "Ока", "Енисей", "Амур", "Сура", "Вятка", "Ладога", "Алтай",
    "Байкал", "Онега",
)  # fmt: skip
EN_PREFIXES = (
    "Baltic", "Amber", "Harbour", "Northern", "Lakeside", "Riverside", "Pine", "Birch",
    "Seaside", "Linden", "Granite", "Meadow", "Demo", "Bright", "Old Town", "Eastgate",
    "Westgate", "Juniper", "Lighthouse", "Oakridge", "Silverbay", "Greenfield",
)  # fmt: skip


@dataclass(frozen=True)
class EmployerKind:
    """How employers of one kind are named. Russian nouns carry their gender (m, f, n, pl)."""

    ru_nouns: tuple[tuple[str, str], ...] = ()
    ru_roots: tuple[str, ...] = ()
    en_nouns: tuple[str, ...] = ()
    ru_public: tuple[str, ...] = ()  # "{n}" is replaced by a number
    en_public: tuple[str, ...] = ()  # "{p}" by a prefix, "{n}" by a number


# fmt: off
EMPLOYER_KINDS: dict[str, EmployerKind] = {
    "metal": EmployerKind(
        (("металл", "m"), ("механический завод", "m"), ("завод металлоконструкций", "m"),
         ("машиностроительный завод", "m"), ("литейный завод", "m")),
        ("Металл", "Литьё", "Металлоконструкция", "Пром"),
        ("Metalworks", "Metal Products", "Engineering", "Machinery"),
    ),
    "factory": EmployerKind(
        (("производственная компания", "f"), ("завод пластмасс", "m"), ("пластик", "m"),
         ("механика", "f"), ("фабрика упаковки", "f")),
        ("Пром", "Пласт", "Индустрия", "Завод"),
        ("Manufacturing", "Components", "Plastics", "Industries"),
    ),
    "food_prod": EmployerKind(
        (("хлебозавод", "m"), ("мясокомбинат", "m"), ("молочный завод", "m"),
         ("кондитерская фабрика", "f"), ("пищевой комбинат", "m")),
        ("Продукт", "Фуд", "Хлеб", "Молоко"),
        ("Foods", "Bakery", "Dairy", "Food Production"),
    ),
    "textile": EmployerKind(
        (("швейная фабрика", "f"), ("текстиль", "m"), ("ателье", "n"), ("спецодежда", "f")),
        ("Текстиль", "Стиль", "Шов"),
        ("Textiles", "Garments", "Workwear", "Tailoring"),
    ),
    "transport": EmployerKind(
        (("транспортная компания", "f"), ("логистика", "f"), ("автоколонна", "f"),
         ("грузовые перевозки", "pl")),
        ("Транс", "Логистик", "Авто", "Карго"),
        ("Freight", "Haulage", "Transport", "Cargo"),
    ),
    "passenger": EmployerKind(
        (("автобусный парк", "m"), ("пассажирское предприятие", "n"), ("такси", "n"),
         ("автоколонна", "f")),
        ("Авто", "Транс", "Экспресс"),
        ("Bus Lines", "City Transport", "Taxi", "Coaches"),
        ("МУП «Городской электротранспорт»", "АО «Автоколонна № {n}»",
         "МУП «Пассажирское автотранспортное предприятие № {n}»"),
    ),
    "logistics": EmployerKind(
        (("складской комплекс", "m"), ("логистический центр", "m"), ("дистрибуция", "f"),
         ("логистика", "f")),
        ("Логистик", "Склад", "Терминал"),
        ("Logistics", "Distribution", "Warehousing", "Fulfilment"),
    ),
    "retail": EmployerKind(
        (("торговый дом", "m"), ("маркет", "m"), ("сеть магазинов", "f"), ("универмаг", "m")),
        ("Торг", "Маркет", "Ритейл"),
        ("Market", "Supermarkets", "Home Store", "Retail"),
    ),
    "catering": EmployerKind(
        (("кафе", "n"), ("столовая", "f"), ("кухня", "f"), ("ресторанная группа", "f")),
        ("Фуд", "Кейтеринг", "Вкус"),
        ("Kitchen", "Bistro", "Catering", "Café"),
    ),
    "hotel": EmployerKind(
        (("гостиница", "f"), ("отель", "m"), ("гостиничный комплекс", "m")),
        ("Отель", "Тур"),
        ("Hotel", "Guesthouse", "Spa Hotel"),
    ),
    "clinic": EmployerKind(
        (("медицинский центр", "m"), ("клиника", "f"), ("стоматология", "f"),
         ("лечебно-диагностический центр", "m")),
        ("Мед", "Клиник", "Здоровье"),
        ("Health Clinic", "Medical Centre", "Dental Studio", "Family Clinic"),
    ),
    "hospital": EmployerKind(
        ru_public=("ГБУЗ «Городская больница № {n}»", "ГБУЗ «Городская поликлиника № {n}»",
                   "ГБУЗ «Городская клиническая больница № {n}»",
                   "ГБУЗ «Станция скорой медицинской помощи»",
                   "ГБУЗ «Детская городская поликлиника № {n}»"),
        en_public=("{p} Hospital", "{p} Regional Hospital", "{p} Health Centre"),
    ),
    "pharmacy": EmployerKind(
        (("аптека", "f"), ("аптечная сеть", "f"), ("фармация", "f")),
        ("Фарм", "Аптека"),
        ("Pharmacy", "Pharmacies"),
    ),
    "school": EmployerKind(
        ru_public=("МБОУ «Средняя общеобразовательная школа № {n}»", "МАОУ «Лицей № {n}»",
                   "МБОУ «Гимназия № {n}»"),
        en_public=("{p} Primary School", "{p} Secondary School", "{p} Gymnasium",
                   "{p} Basic School"),
    ),
    "kindergarten": EmployerKind(
        ru_public=("МБДОУ «Детский сад № {n}»", "МАДОУ «Детский сад № {n}»",
                   "МБДОУ «Центр развития ребёнка — детский сад № {n}»"),
        en_public=("{p} Kindergarten", "{p} Nursery School"),
    ),
    "college": EmployerKind(
        ru_public=("ГБПОУ «Технологический колледж № {n}»", "ГАПОУ «Колледж сферы услуг»",
                   "ГБПОУ «Строительный колледж»", "ГБПОУ «Политехнический техникум № {n}»"),
        en_public=("{p} Vocational School", "{p} College", "{p} Vocational College"),
    ),
    "construction": EmployerKind(
        (("стройтрест", "m"), ("строительная компания", "f"), ("домостроительный комбинат", "m"),
         ("строймонтаж", "m")),
        ("Строй", "Монтаж", "Девелопмент"),
        ("Construction", "Builders", "Building", "Contractors"),
    ),
    "utilities": EmployerKind(
        (("управляющая компания", "f"), ("водоканал", "m"), ("коммунальный сервис", "m"),
         ("жилищная компания", "f")),
        ("Сервис", "Дом", "Водоканал"),
        ("Property Services", "Facility Management", "Water Utility", "Municipal Services"),
    ),
    "energy": EmployerKind(
        (("тепловые сети", "pl"), ("электросети", "pl"), ("энергосервис", "m"),
         ("энергетическая компания", "f")),
        ("Энерго", "Тепло", "Электро"),
        ("Energy", "Heating", "Power Grid", "Power"),
    ),
    "security": EmployerKind(
        (("охранное агентство", "n"), ("охранное предприятие", "n")),
        ("Щит", "Охрана", "Бастион"),
        ("Security", "Guarding", "Protection Services"),
    ),
    "cleaning": EmployerKind(
        (("клининговая компания", "f"), ("сервис", "m")),
        ("Клининг", "Сервис"),
        ("Cleaning", "Facility Services", "Clean Services"),
    ),
    "beauty": EmployerKind(
        (("салон красоты", "m"), ("студия красоты", "f")),
        ("Стиль", "Бьюти"),
        ("Beauty Salon", "Hair Studio", "Beauty Studio"),
    ),
    "sport": EmployerKind(
        (("фитнес-клуб", "m"), ("спортивный центр", "m"), ("бассейн", "m")),
        ("Фитнес", "Спорт"),
        ("Fitness Club", "Sports Centre", "Gym"),
    ),
    "auto": EmployerKind(
        (("автоцентр", "m"), ("автосервис", "m"), ("техцентр", "m"), ("шинный центр", "m")),
        ("Авто", "Моторс", "Сервис"),
        ("Auto Centre", "Car Service", "Motors", "Tyres"),
    ),
    "agro": EmployerKind(
        (("агрохолдинг", "m"), ("агрофирма", "f"), ("тепличный комбинат", "m"),
         ("хозяйство", "n")),
        ("Агро", "Ферма", "Зерно"),
        ("Farm", "Agro", "Greenhouses", "Farming Cooperative"),
    ),
    "vet": EmployerKind(
        (("ветеринарная клиника", "f"), ("ветеринарный центр", "m")),
        ("Вет", "Зоо"),
        ("Vet Clinic", "Veterinary Centre"),
    ),
    "office": EmployerKind(
        (("торговый дом", "m"), ("консалтинг", "m"), ("группа компаний", "f"),
         ("деловой центр", "m")),
        ("Консалт", "Групп", "Трейд", "Инвест"),
        ("Consulting", "Trading", "Group", "Partners"),
    ),
    "it": EmployerKind(
        (("софт", "m"), ("цифровые решения", "pl"), ("информационные системы", "pl"),
         ("лаборатория данных", "f")),
        ("Софт", "Тех", "Диджитал", "Дата"),
        ("Software", "Digital", "Data Systems", "Tech"),
    ),
    "telecom": EmployerKind(
        (("телеком", "m"), ("связь", "f"), ("сети", "pl")),
        ("Линк", "Нет", "Коннект"),
        ("Telecom", "Networks", "Connect"),
    ),
    "callcentre": EmployerKind(
        (("контакт-центр", "m"), ("сервисная служба", "f")),
        ("Колл", "Контакт"),
        ("Contact Centre", "Customer Care", "Call Services"),
    ),
    "bank": EmployerKind(
        (("финансовая группа", "f"), ("кредитный кооператив", "m")),
        ("Финанс", "Кредит"),
        ("Savings Bank", "Credit Union", "Finance"),
    ),
    "social": EmployerKind(
        ru_public=("ГБУ «Комплексный центр социального обслуживания населения»",
                   "ГКУ «Центр занятости населения»",
                   "ГБУ «Центр социальной помощи семье и детям»",
                   "ГБУ «Дом-интернат для престарелых и инвалидов № {n}»"),
        en_public=("{p} Care Home", "{p} Social Care Centre", "{p} Social Services"),
    ),
    "post": EmployerKind(
        (("почтовая служба", "f"), ("экспресс-доставка", "f")),
        ("Почта", "Экспресс"),
        ("Post", "Parcel Services", "Express"),
    ),
    "mining": EmployerKind(
        (("рудник", "m"), ("горнорудная компания", "f"), ("разрез", "m")),
        ("Руда", "Ресурс"),
        ("Mining", "Minerals", "Resources"),
    ),
}
# fmt: on


def _ru_adjective(stem: str, gender: str) -> str:
    soft = stem.endswith("ск")
    endings = {"m": "ий" if soft else "ый", "f": "ая", "n": "ое", "pl": "ие" if soft else "ые"}
    return stem + endings[gender]


# --- The parsed table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Occupation:
    key: str
    sector: str
    kinds: tuple[str, ...]
    rub: tuple[int, int]
    weight: float
    level: str
    schedule_weights: tuple[int, ...]  # over SCHEDULE_CHOICES
    employment_weights: tuple[int, ...]  # over EMPLOYMENTS
    titles: dict[str, tuple[tuple[str, float], ...]]  # language -> (title, pay factor)
    duties: dict[str, tuple[str, ...]]
    requirements: dict[str, tuple[str, ...]]


def _title_pay(title: str) -> float:
    lowered = title.lower()
    for words, factor in TITLE_PAY:
        if any(word in lowered for word in words):
            return factor
    return 1.0


def _schedule_weights(sector: str, flags: list[str]) -> tuple[int, ...]:
    remote, part_time, full_time, shift, unknown = SCHEDULE_WEIGHTS[sector]
    if "onsite" in flags:
        remote, full_time = 0, full_time + remote
    if "remote" in flags:
        remote, full_time = remote + full_time // 2, full_time - full_time // 2
    return (remote, part_time, full_time, shift, unknown)


def parse_occupations(table: str = OCCUPATION_TABLE) -> tuple[Occupation, ...]:
    occupations = []
    for block in table.strip().split("\n\n"):
        header, *lines = block.strip().splitlines()
        key, sector, kinds, rub, weight, level, *flags = header.split()
        fields: dict[str, list[str]] = {}
        for line in lines:
            tag, _, text = line.partition(": ")
            fields.setdefault(tag, []).append(text.strip())
        low, high = (int(part) * 1000 for part in rub.split("-"))
        occupations.append(
            Occupation(
                key=key,
                sector=sector,
                kinds=tuple(kinds.split(",")),
                rub=(low, high),
                weight=float(weight),
                level=level,
                schedule_weights=_schedule_weights(sector, flags),
                employment_weights=(
                    SEASONAL_EMPLOYMENT
                    if "seasonal" in flags
                    else EMPLOYMENT_WEIGHTS.get(sector, DEFAULT_EMPLOYMENT)
                ),
                titles={
                    lang: tuple(
                        (title.strip(), _title_pay(title)) for title in fields[lang][0].split("|")
                    )
                    for lang in ("ru", "en")
                },
                duties={lang: tuple(fields[f"{lang}-d"]) for lang in ("ru", "en")},
                requirements={lang: tuple(fields[f"{lang}-r"]) for lang in ("ru", "en")},
            )
        )
    return tuple(occupations)


OCCUPATIONS = parse_occupations()


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    """Index of a weighted choice (bisect on cumulative weights: fast and stable)."""
    return bisect(cumulative, rng.random() * cumulative[-1])


def _choice(rng: random.Random, items: Sequence[T]) -> T:
    """rng.choice, about twice as fast (one float instead of rejection sampling)."""
    return items[int(rng.random() * len(items))]


_OCCUPATION_CUM = _cumulative([occupation.weight for occupation in OCCUPATIONS])
_RU_CITY_CUM = _cumulative([city[2] for city in RUSSIAN_CITIES])
_EU_CITY_CUM = _cumulative([city[2] for city in EUROPEAN_CITIES])
_SCHEDULE_CUM = {o.key: _cumulative(o.schedule_weights) for o in OCCUPATIONS}
_EMPLOYMENT_CUM = {o.key: _cumulative(o.employment_weights) for o in OCCUPATIONS}
_POSTED = tuple(
    (TODAY - timedelta(days=days)).isoformat() for days in range(1, POSTED_WITHIN_DAYS + 1)
)


# --- Generation ------------------------------------------------------------------------------


def _ru_employer(rng: random.Random, kind: EmployerKind) -> str:
    if kind.ru_public and (not kind.ru_nouns or rng.random() < 0.7):
        return _choice(rng, kind.ru_public).replace("{n}", str(1 + int(rng.random() * 60)))
    form = "АО" if rng.random() < 0.2 else "ООО"
    if rng.random() < 0.35:
        return f"{form} «{_choice(rng, RU_PLACES)}-{_choice(rng, kind.ru_roots)}»"
    noun, gender = _choice(rng, kind.ru_nouns)
    return f"{form} «{_ru_adjective(_choice(rng, RU_ADJECTIVE_STEMS), gender)} {noun}»"


def _en_employer(rng: random.Random, kind: EmployerKind, country: str) -> str:
    prefix = _choice(rng, EN_PREFIXES)
    if kind.en_public and (not kind.en_nouns or rng.random() < 0.7):
        return _choice(rng, kind.en_public).replace("{p}", prefix)
    name = f"{prefix} {_choice(rng, kind.en_nouns)}"
    form, before = _choice(rng, LEGAL_FORMS[country])
    return f"{form} {name}" if before else f"{name} {form}"


def _round_salary(value: float, currency: str) -> int:
    if currency == "RUB":
        step = 1_000 if value < 100_000 else 5_000
        low, high = RUB_RANGE
    else:
        step = 50 if value < 2_000 else 100
        low, high = EUR_RANGE
    return min(high, max(low, round(value / step) * step))


def _salary(
    rng: random.Random, occupation: Occupation, pay: float, currency: str
) -> tuple[int | None, int | None, str | None]:
    """About 15% state no salary, 15% only a minimum, 3% only a maximum, 3% a fixed sum."""
    stated = rng.random()
    if stated < 0.15:
        return None, None, None
    low, high = occupation.rub
    base = low + (high - low) * (rng.random() + rng.random()) / 2
    if currency == "EUR":  # map the Russian pay band onto a Baltic one
        base = EUR_RANGE[0] + (base - RUB_RANGE[0]) * (EUR_RANGE[1] - EUR_RANGE[0]) / (
            RUB_RANGE[1] - RUB_RANGE[0]
        )
    minimum = _round_salary(base * pay, currency)
    maximum = _round_salary(base * pay * (1.1 + 0.4 * rng.random()), currency)
    if stated < 0.30:
        return minimum, None, currency
    if stated < 0.33:
        return None, maximum, currency
    if stated < 0.36:
        return minimum, minimum, currency
    return minimum, max(minimum, maximum), currency


def _duties(rng: random.Random, occupation: Occupation, lang: str) -> list[str]:
    own = occupation.duties[lang]
    sentences = list(own) if rng.random() < 0.6 else [_choice(rng, own)]
    if rng.random() < 0.4:
        sentences.append(_choice(rng, SECTOR_DUTIES[occupation.sector][lang]))
    return sentences


def _requirements(rng: random.Random, occupation: Occupation, lang: str) -> list[str]:
    sentences: list[str] = []
    if rng.random() < 0.8:
        sentences.extend(occupation.requirements[lang])
    sentences.append(_choice(rng, LEVEL_REQUIREMENTS[occupation.level][lang]))
    if rng.random() < 0.35:
        sentences.append(_choice(rng, SOFT_SKILLS[lang]))
    return sentences


def _html(rng: random.Random, sentences: list[str], heading: str) -> str:
    """Sentences as a source's HTML: a heading or the first sentence, then a list."""
    if len(sentences) > 1 and rng.random() < 0.5:
        first, rest = sentences[0], sentences[1:]
        return f"<p>{first}</p><ul>{''.join(f'<li>{s}</li>' for s in rest)}</ul>"
    items = "".join(f"<li>{s.rstrip('.')}</li>" for s in sentences)
    return f"<p><strong>{heading}</strong></p><ul>{items}</ul>"


def generate(n: int, seed: int = 42) -> Iterator[dict[str, object]]:
    """`n` synthetic vacancies, the same ones for the same seed; ids demo-000001, …"""
    rng = random.Random(seed)
    for number in range(1, n + 1):
        occupation = OCCUPATIONS[_pick(rng, _OCCUPATION_CUM)]
        lang = "ru" if rng.random() < RUSSIAN_SHARE else "en"
        titles = occupation.titles[lang]
        title, title_pay = titles[int(rng.random() * (len(titles) + 1)) % len(titles)]
        kind = EMPLOYER_KINDS[_choice(rng, occupation.kinds)]
        if lang == "ru":
            city, region, _, city_pay = RUSSIAN_CITIES[_pick(rng, _RU_CITY_CUM)]
            employer = _ru_employer(rng, kind)
            currency = "RUB"
        else:
            city, region, _, city_pay, country = EUROPEAN_CITIES[_pick(rng, _EU_CITY_CUM)]
            employer = _en_employer(rng, kind, country)
            currency = "EUR"
        salary_min, salary_max, stated_currency = _salary(
            rng, occupation, city_pay * title_pay, currency
        )
        schedule = SCHEDULE_CHOICES[_pick(rng, _SCHEDULE_CUM[occupation.key])]
        employment = EMPLOYMENTS[_pick(rng, _EMPLOYMENT_CUM[occupation.key])]
        posted = _POSTED[int(POSTED_WITHIN_DAYS * rng.random() ** 1.4)]
        duties = _duties(rng, occupation, lang)
        requirements = _requirements(rng, occupation, lang)
        if rng.random() < HTML_SHARE:
            duties_heading, requirements_heading = HTML_HEADINGS[lang]
            duties_text = _html(rng, duties, duties_heading)
            requirements_text = (
                _html(rng, requirements, requirements_heading)
                if rng.random() < 0.5
                else " ".join(requirements)
            )
        else:
            duties_text, requirements_text = " ".join(duties), " ".join(requirements)
        vacancy_id = f"demo-{number:06d}"
        yield {
            "id": vacancy_id,
            "title": title,
            "employer": employer,
            "city": city,
            "region": region,
            "salary_min": salary_min,
            "salary_max": salary_max,
            "currency": stated_currency,
            "schedule": schedule,
            "employment": employment,
            "posted": posted,
            "url": URL.format(vacancy_id),
            "duties": duties_text,
            "requirements": requirements_text,
        }
