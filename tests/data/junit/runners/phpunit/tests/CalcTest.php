<?php
// A small PHPUnit suite covering every outcome, for dande's fixtures.
use PHPUnit\Framework\TestCase;

final class CalcTest extends TestCase
{
    public function testAdds(): void { $this->assertSame(2, 1 + 1); }
    public function testFails(): void { $this->assertSame(3, 1 + 1); }
    public function testErrors(): void { throw new RuntimeException('unexpected'); }
    public function testSkipped(): void { $this->markTestSkipped('not today'); }
    public function testIncomplete(): void { $this->markTestIncomplete('later'); }

    /** @dataProvider values */
    public function testSmall(int $n): void { $this->assertLessThan(3, $n); }
    public static function values(): array { return [[1], [2], [3]]; }
}
