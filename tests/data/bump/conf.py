project = 'demo'
release = '1.0.8'
version = '1.0'
