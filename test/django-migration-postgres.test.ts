import { migrationSuite } from './django-migration-suite.ts'

migrationSuite('postgres')
