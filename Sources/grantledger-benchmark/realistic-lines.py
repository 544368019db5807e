#!/usr/bin/env python3
"""Realistic expenditure lines for LLI-59, for timing by hand what the synthetic benchmark does not
show (BENCHMARKS.md): 4 files of 250,000 lines, one per period with dates spread over it, the
period-2 file in Latvian form (semicolons, decimal comma, DD.MM.YYYY), 1% of lines in PLN, GBP or
USD at their own rate, 30% of descriptions quoted with a comma, 3,000 suppliers (a third with
Latvian, a third with Lithuanian letters). Seeded: the same files every run.

    python3 Sources/grantledger-benchmark/realistic-lines.py FOLDER
"""
import datetime, os, random, sys
folder = sys.argv[1] if len(sys.argv) > 1 else '.'
os.makedirs(folder, exist_ok=True)
random.seed(59)
periods = {1: ('2017-05-01','2017-10-31'), 2: ('2017-11-01','2018-04-30'), 3: ('2018-05-01','2018-10-31'), 4: ('2018-11-01','2019-04-30')}
lv = ['Rīgas', 'Latgales', 'Daugavpils', 'Rēzeknes', 'Jēkabpils', 'Ludzas']
lt = ['Vilniaus', 'Kauno', 'Šiaulių', 'Panevėžio', 'Utenos', 'Zarasų']
suppliers = []
for i in range(3000):
    base = random.choice(lv) if i % 3 == 0 else random.choice(lt) if i % 3 == 1 else random.choice(['Nordic', 'Baltic', 'Euro'])
    suppliers.append(f'{base} {["SIA", "UAB", "AS"][i % 3]} {i}')
cats = ['staff', 'travel', 'external', 'equipment']
def day(p):
    a = datetime.date.fromisoformat(periods[p][0]); b = datetime.date.fromisoformat(periods[p][1])
    return a + datetime.timedelta(days=random.randrange((b - a).days - 5))
for p in range(1, 5):
    latvian = p == 2
    sep = ';' if latvian else ','
    def num(x): return (f'{x:.2f}'.replace('.', ',')) if latvian else f'{x:.2f}'
    def date(d): return d.strftime('%d.%m.%Y') if latvian else d.isoformat()
    with open(f'{folder}/expenditure-p{p}.csv', 'w') as out:
        out.write(sep.join(['partner','category','period','invoice_number','supplier','invoice_date','payment_date','net','vat','gross',
                            'currency','exchange_rate','amount_eur','description','document']) + '\n')
        for i in range(250_000):
            d = day(p); paid = d + datetime.timedelta(days=3)
            net = random.randrange(100, 500000) / 100; vat = round(net * 0.21, 2); gross = round(net + vat, 2)
            cur, rate = 'EUR', ''
            if random.random() < 0.01:
                cur, rate = random.choice([('PLN', '4.2244'), ('GBP', '0.8872'), ('USD', '1.1658')])
                rate = rate.replace('.', ',') if latvian else rate
            desc = f'Item {i}, lot {random.randrange(99)}' if random.random() < 0.3 else f'Item {i}'
            if sep in desc or ',' in desc: desc = '"' + desc + '"'
            supplier = random.choice(suppliers)
            out.write(sep.join([random.choice(['LP', 'PP2']), random.choice(cats), str(p), f'R{p}-{i}', supplier, date(d), date(paid),
                                num(net), num(vat), num(gross), cur, rate, '', desc, f'D{p}/{i}']) + '\n')
