"""Stored phase diagrams of the toy model of Liu et al. (2022), made with the diagram engine
(:mod:`efftheory.diagram`, Dask, one worker): the learning phase (Table 1) over decoder learning rate
x decoder weight decay at the embedding lr 1e-3 (the paper's Fig. 6b/6c axes), for regression (6b, and
a finer grid across its comprehension/memorisation boundary) and classification (6c); n = 45, seed 58
(the authors' ``phase_diagram.ipynb`` seed; their training set), T = 10^4 steps (the repository's
quick re-run budget; the paper uses 10^5).  Each ``command`` below made its table; the rows are its
``cells.csv`` (converted by a script, digits unchanged).  ``claims_toy.recheck_cell`` recomputes a
stored cell through ``eval``.
"""

VALUES = ("phase", "steps_to_train", "steps_to_test")


def _table(command, seed, parameters, axes, cells):
    return {"command": command, "seed": seed, "axes": axes, "parameters": parameters,
            "rows": tuple(dict(zip(axes + VALUES, c)) for c in cells)}


ADDITION_REGRESSION = _table(
    ('efftheory diagram liu-addition --vary decoder_lr=log:1/100000:1/100:6 --vary '
     'weight_decay=0:10:6 --param steps=10000 --param n=45 --seed 58 --dps 15 --workers 1 --out '
     'DIR'),
    58,
    {'d': '1',
     'eta': '0.001',
     'gap': '1000',
     'loss': 'regression',
     'n': '45',
     'normalization': 'paper',
     'p': '10',
     'phase_rule': 'paper',
     'std': 'unbiased',
     'steps': '10000',
     'summation': 'training',
     'tol': '0.01',
     'width': '200'},
    ('decoder_lr', 'weight_decay'),
    (
        ('0.00001', '0', 'test-only', 'not reached', '9488'),
        ('0.00001', '2', 'confusion', 'not reached', 'not reached'),
        ('0.00001', '4', 'confusion', 'not reached', 'not reached'),
        ('0.00001', '6', 'confusion', 'not reached', 'not reached'),
        ('0.00001', '8', 'confusion', 'not reached', 'not reached'),
        ('0.00001', '10', 'confusion', 'not reached', 'not reached'),
        ('0.0000398107', '0', 'comprehension', '3675', '2605'),
        ('0.0000398107', '2', 'comprehension', '3871', '2968'),
        ('0.0000398107', '4', 'comprehension', '4330', '3544'),
        ('0.0000398107', '6', 'comprehension', '5343', '4687'),
        ('0.0000398107', '8', 'comprehension', '7900', '7762'),
        ('0.0000398107', '10', 'confusion', 'not reached', 'not reached'),
        ('0.000158489', '0', 'comprehension', '871', '880'),
        ('0.000158489', '2', 'comprehension', '1021', '1034'),
        ('0.000158489', '4', 'comprehension', '1402', '1296'),
        ('0.000158489', '6', 'comprehension', '1596', '1558'),
        ('0.000158489', '8', 'comprehension', '2707', '3538'),
        ('0.000158489', '10', 'confusion', 'not reached', 'not reached'),
        ('0.000630957', '0', 'memorisation', '616', 'not reached'),
        ('0.000630957', '2', 'memorisation', '810', 'not reached'),
        ('0.000630957', '4', 'memorisation', '1201', 'not reached'),
        ('0.000630957', '6', 'memorisation', '2937', 'not reached'),
        ('0.000630957', '8', 'confusion', 'not reached', 'not reached'),
        ('0.000630957', '10', 'confusion', 'not reached', 'not reached'),
        ('0.00251189', '0', 'memorisation', '486', 'not reached'),
        ('0.00251189', '2', 'memorisation', '550', 'not reached'),
        ('0.00251189', '4', 'memorisation', '997', 'not reached'),
        ('0.00251189', '6', 'confusion', 'not reached', 'not reached'),
        ('0.00251189', '8', 'confusion', 'not reached', 'not reached'),
        ('0.00251189', '10', 'confusion', 'not reached', 'not reached'),
        ('0.01', '0', 'memorisation', '300', 'not reached'),
        ('0.01', '2', 'confusion', 'not reached', 'not reached'),
        ('0.01', '4', 'confusion', 'not reached', 'not reached'),
        ('0.01', '6', 'test-only', 'not reached', '1087'),
        ('0.01', '8', 'confusion', 'not reached', 'not reached'),
        ('0.01', '10', 'confusion', 'not reached', 'not reached'),
    ))

ADDITION_REGRESSION_FINE = _table(
    ('efftheory diagram liu-addition --vary decoder_lr=log:1/5000:1/2000:4 --vary '
     'weight_decay=0:4:3 --param steps=10000 --param n=45 --seed 58 --dps 15 --workers 1 --out '
     'DIR'),
    58,
    {'d': '1',
     'eta': '0.001',
     'gap': '1000',
     'loss': 'regression',
     'n': '45',
     'normalization': 'paper',
     'p': '10',
     'phase_rule': 'paper',
     'std': 'unbiased',
     'steps': '10000',
     'summation': 'training',
     'tol': '0.01',
     'width': '200'},
    ('decoder_lr', 'weight_decay'),
    (
        ('0.0002', '0', 'comprehension', '756', '780'),
        ('0.0002', '2', 'comprehension', '873', '892'),
        ('0.0002', '4', 'comprehension', '1074', '1099'),
        ('0.000271442', '0', 'memorisation', '945', 'not reached'),
        ('0.000271442', '2', 'memorisation', '1210', 'not reached'),
        ('0.000271442', '4', 'memorisation', '1895', 'not reached'),
        ('0.000368403', '0', 'memorisation', '841', 'not reached'),
        ('0.000368403', '2', 'memorisation', '1134', 'not reached'),
        ('0.000368403', '4', 'memorisation', '1569', 'not reached'),
        ('0.0005', '0', 'memorisation', '782', 'not reached'),
        ('0.0005', '2', 'memorisation', '952', 'not reached'),
        ('0.0005', '4', 'memorisation', '1288', 'not reached'),
    ))

ADDITION_LEARNING_RATES = _table(
    ('efftheory diagram liu-addition --vary decoder_lr=log:1/100000:1/100:4 --vary '
     'eta=log:1/100000:1/100:4 --param steps=10000 --param n=45 --seed 58 --dps 15 --workers 1 '
     '--out DIR'),
    58,
    {'d': '1',
     'gap': '1000',
     'loss': 'regression',
     'n': '45',
     'normalization': 'paper',
     'p': '10',
     'phase_rule': 'paper',
     'std': 'unbiased',
     'steps': '10000',
     'summation': 'training',
     'tol': '0.01',
     'weight_decay': '0',
     'width': '200'},
    ('decoder_lr', 'eta'),
    (
        ('0.00001', '0.00001', 'confusion', 'not reached', 'not reached'),
        ('0.00001', '0.0001', 'confusion', 'not reached', 'not reached'),
        ('0.00001', '0.001', 'test-only', 'not reached', '9488'),
        ('0.00001', '0.01', 'confusion', 'not reached', 'not reached'),
        ('0.0001', '0.00001', 'memorisation', '6548', 'not reached'),
        ('0.0001', '0.0001', 'memorisation', '4702', 'not reached'),
        ('0.0001', '0.001', 'comprehension', '1323', '1174'),
        ('0.0001', '0.01', 'comprehension', '1554', '1160'),
        ('0.001', '0.00001', 'memorisation', '1596', 'not reached'),
        ('0.001', '0.0001', 'memorisation', '1104', 'not reached'),
        ('0.001', '0.001', 'memorisation', '697', 'not reached'),
        ('0.001', '0.01', 'comprehension', '217', '174'),
        ('0.01', '0.00001', 'memorisation', '625', 'not reached'),
        ('0.01', '0.0001', 'memorisation', '366', 'not reached'),
        ('0.01', '0.001', 'memorisation', '300', 'not reached'),
        ('0.01', '0.01', 'memorisation', '153', 'not reached'),
    ))

ADDITION_CLASSIFICATION = _table(
    ('efftheory diagram liu-addition --vary decoder_lr=log:1/100000:1/100:5 --vary '
     'weight_decay=0:20:5 --param steps=10000 --param n=45 --param loss=classification --seed 58 '
     '--dps 15 --workers 1 --out DIR'),
    58,
    {'d': '1',
     'eta': '0.001',
     'gap': '1000',
     'loss': 'classification',
     'n': '45',
     'normalization': 'paper',
     'p': '10',
     'phase_rule': 'paper',
     'std': 'unbiased',
     'steps': '10000',
     'summation': 'training',
     'tol': '0.01',
     'width': '200'},
    ('decoder_lr', 'weight_decay'),
    (
        ('0.00001', '0', 'comprehension', '6930', '7041'),
        ('0.00001', '5', 'comprehension', '8915', '9699'),
        ('0.00001', '10', 'confusion', 'not reached', 'not reached'),
        ('0.00001', '15', 'confusion', 'not reached', 'not reached'),
        ('0.00001', '20', 'confusion', 'not reached', 'not reached'),
        ('0.0000562341', '0', 'comprehension', '1268', '1280'),
        ('0.0000562341', '5', 'comprehension', '1692', '2012'),
        ('0.0000562341', '10', 'memorisation', '7582', 'not reached'),
        ('0.0000562341', '15', 'confusion', 'not reached', 'not reached'),
        ('0.0000562341', '20', 'confusion', 'not reached', 'not reached'),
        ('0.000316228', '0', 'comprehension', '355', '373'),
        ('0.000316228', '5', 'comprehension', '503', '525'),
        ('0.000316228', '10', 'grokking', '2639', '5132'),
        ('0.000316228', '15', 'confusion', 'not reached', 'not reached'),
        ('0.000316228', '20', 'confusion', 'not reached', 'not reached'),
        ('0.00177828', '0', 'memorisation', '268', 'not reached'),
        ('0.00177828', '5', 'memorisation', '766', 'not reached'),
        ('0.00177828', '10', 'comprehension', '1331', '1678'),
        ('0.00177828', '15', 'confusion', 'not reached', 'not reached'),
        ('0.00177828', '20', 'confusion', 'not reached', 'not reached'),
        ('0.01', '0', 'memorisation', '131', 'not reached'),
        ('0.01', '5', 'confusion', 'not reached', 'not reached'),
        ('0.01', '10', 'comprehension', '1155', '1510'),
        ('0.01', '15', 'confusion', 'not reached', 'not reached'),
        ('0.01', '20', 'confusion', 'not reached', 'not reached'),
    ))
